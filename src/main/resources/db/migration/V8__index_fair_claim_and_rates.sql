-- Fair share between partners and per-partner rate limits (issue 4). Portable SQL: H2 2.x,
-- MySQL 8, MariaDB 10.6+.

-- A partner's own limit of messages per minute; NULL follows gratitude.delivery.max-per-minute.
ALTER TABLE partner ADD COLUMN max_per_minute INT;
ALTER TABLE partner ADD CONSTRAINT ck_partner_max_per_minute
    CHECK (max_per_minute IS NULL OR max_per_minute BETWEEN 1 AND 100000);

-- A claim looks for the partners with due rows (one EXISTS probe per partner), claims each
-- partner's oldest due rows (one range per status, read in due order, so it stops at the share
-- and locks no more) and counts its rows in flight (SENDING); and it counts each partner's
-- messages sent in the last minute.
CREATE INDEX ix_outreach_partner_status_due ON outreach (partner_id, status, due_at);
CREATE INDEX ix_outreach_partner_sent ON outreach (partner_id, sent_at);

-- Claims take turns, cluster-wide: each locks this one row (SELECT ... FOR UPDATE) for the few
-- milliseconds of its claim transaction, as Quartz does with QRTZ_LOCKS, so that a partner's
-- allowance counts what other workers and nodes have just claimed. after_partner_id is where the
-- previous claim's window of partners ended: the next one starts after it, so that with more
-- partners due than a batch has rows each partner gets its turn.
CREATE TABLE claim_turn (
    id                INT    NOT NULL PRIMARY KEY,
    after_partner_id  BIGINT NOT NULL
);
INSERT INTO claim_turn (id, after_partner_id) VALUES (1, 0);
