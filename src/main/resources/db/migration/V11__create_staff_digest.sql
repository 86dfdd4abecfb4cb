-- The staff reminder digest (issue 7): each morning, in the partner's zone, one email to each of
-- the partner's console users who receive it. Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.

-- Whether the user gets the morning digest. Every partner admin and staff member does until they
-- (or a partner admin) turn it off; an operator admin (no partner) never gets one.
ALTER TABLE staff_user ADD COLUMN receives_digest BOOLEAN NOT NULL DEFAULT TRUE;

-- A partner's digest settings; no row = the defaults (on, 08:00, 7 days ahead).
CREATE TABLE digest_setting (
    partner_id  BIGINT   NOT NULL PRIMARY KEY,
    enabled     BOOLEAN  NOT NULL DEFAULT TRUE,
    send_hour   SMALLINT NOT NULL DEFAULT 8,
    days_ahead  SMALLINT NOT NULL DEFAULT 7,
    updated_at  BIGINT   NOT NULL,
    CONSTRAINT ck_digest_setting_hour CHECK (send_hour BETWEEN 0 AND 23),
    CONSTRAINT ck_digest_setting_days CHECK (days_ahead BETWEEN 1 AND 60),
    CONSTRAINT fk_digest_setting_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

-- One digest per partner per local day, ever: the unique key is the cluster-wide claim (the node
-- whose INSERT succeeds builds and sends it; a duplicate means another node has it).
-- status: SENDING (claimed; lease_until guards a crashed node), RETRY (some recipients got a
-- transient failure; next_attempt_at), SENT, PARTIAL (gave up on someone), EMPTY (nothing to
-- report, nothing sent), FAILED (nothing could be sent: template error, no recipient reached).
CREATE TABLE staff_digest (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id       BIGINT        NOT NULL,
    local_date       DATE          NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempt_count    INT           NOT NULL DEFAULT 0,
    claimed_by       VARCHAR(100),
    lease_until      BIGINT,
    next_attempt_at  BIGINT,
    reason           VARCHAR(200),
    version          INT           NOT NULL DEFAULT 0,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL,
    CONSTRAINT uk_staff_digest_day UNIQUE (partner_id, local_date),
    CONSTRAINT ck_staff_digest_status CHECK (status IN ('SENDING', 'RETRY', 'SENT', 'PARTIAL', 'EMPTY', 'FAILED')),
    CONSTRAINT fk_staff_digest_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);
-- The job looks for digests to retry or to recover: status = RETRY due, or SENDING past lease.
CREATE INDEX ix_staff_digest_status ON staff_digest (status, next_attempt_at);

-- Each recipient of a digest and what the SMTP server answered. A row is written (SENDING) before
-- the message goes out, so that a node that dies mid-send never leads to a second copy: a row
-- left in SENDING becomes UNKNOWN and is not sent again. status: SENDING, SENT, RETRY (transient
-- failure, tried again later that morning), FAILED (refused for good or out of tries), UNKNOWN.
CREATE TABLE staff_digest_recipient (
    digest_id      BIGINT        NOT NULL,
    staff_user_id  BIGINT        NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    attempt_count  INT           NOT NULL DEFAULT 0,
    message_id     VARCHAR(255)  NOT NULL,
    smtp_code      INT,
    smtp_reply     VARCHAR(1000),
    sent_at        BIGINT,
    updated_at     BIGINT        NOT NULL,
    CONSTRAINT pk_staff_digest_recipient PRIMARY KEY (digest_id, staff_user_id),
    CONSTRAINT ck_staff_digest_recipient_status CHECK (status IN ('SENDING', 'SENT', 'RETRY', 'FAILED', 'UNKNOWN')),
    CONSTRAINT fk_staff_digest_recipient_digest FOREIGN KEY (digest_id) REFERENCES staff_digest (id),
    CONSTRAINT fk_staff_digest_recipient_user FOREIGN KEY (staff_user_id) REFERENCES staff_user (id)
);
-- Each run of the job reads the digests of the last two days (which partners are done today).
CREATE INDEX ix_staff_digest_day ON staff_digest (local_date);
