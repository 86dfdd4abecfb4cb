-- The relationship lifecycle (issue 7): each relationship change with when, why and who; the
-- partner's promotion rules and at-risk period; the clients at risk now. Portable SQL: H2 2.x,
-- MySQL 8, MariaDB 10.6+.

-- Every change of a contact's relationship, and every at-risk episode of a client, written in
-- the transaction of the change. from_relationship NULL: the contact was created with
-- to_relationship. reason_code says what kind of change it was (API, IMPORT, STAFF,
-- PROMOTION_RULE, AT_RISK, ACTIVE_AGAIN), reason_text says it in words, actor who made it
-- ("api", "import:csv", "staff:<email>", "rule:purchase-count", "at-risk"). episode names an
-- at-risk episode ("at-risk@<last activity date>"): one row per episode, however often the daily
-- review runs, on however many nodes.
CREATE TABLE relationship_change (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id         BIGINT       NOT NULL,
    contact_id         BIGINT       NOT NULL,
    from_relationship  VARCHAR(16),
    to_relationship    VARCHAR(16)  NOT NULL,
    changed_at         BIGINT       NOT NULL,
    reason_code        VARCHAR(32)  NOT NULL,
    reason_text        VARCHAR(300) NOT NULL,
    actor              VARCHAR(340) NOT NULL,
    episode            VARCHAR(40),
    CONSTRAINT uk_relationship_change_episode UNIQUE (contact_id, episode),
    CONSTRAINT ck_relationship_change_from CHECK (from_relationship IS NULL OR from_relationship IN ('CUSTOMER', 'CLIENT')),
    CONSTRAINT ck_relationship_change_to CHECK (to_relationship IN ('CUSTOMER', 'CLIENT')),
    CONSTRAINT ck_relationship_change_reason CHECK (reason_code IN ('API', 'IMPORT', 'STAFF', 'PROMOTION_RULE', 'AT_RISK', 'ACTIVE_AGAIN')),
    CONSTRAINT fk_relationship_change_partner FOREIGN KEY (partner_id) REFERENCES partner (id),
    CONSTRAINT fk_relationship_change_contact FOREIGN KEY (contact_id) REFERENCES contact (id)
);
-- A contact's history, latest first (the console's timeline, the API, the template model).
CREATE INDEX ix_relationship_change_contact ON relationship_change (partner_id, contact_id, changed_at);

-- A partner's promotion rules (each NULL = not used) and its at-risk period (0 = off). No row:
-- no rules, at risk after 180 days.
CREATE TABLE lifecycle_rule (
    partner_id         BIGINT        NOT NULL PRIMARY KEY,
    min_purchases      INT,
    min_spend          DECIMAL(19,4),
    spend_currency     CHAR(3),
    min_tenure_months  INT,
    at_risk_days       INT           NOT NULL,
    updated_at         BIGINT        NOT NULL,
    CONSTRAINT ck_lifecycle_rule_purchases CHECK (min_purchases IS NULL OR min_purchases BETWEEN 1 AND 10000),
    CONSTRAINT ck_lifecycle_rule_spend CHECK ((min_spend IS NULL AND spend_currency IS NULL)
                                           OR (min_spend > 0 AND spend_currency IS NOT NULL)),
    CONSTRAINT ck_lifecycle_rule_tenure CHECK (min_tenure_months IS NULL OR min_tenure_months BETWEEN 1 AND 600),
    CONSTRAINT ck_lifecycle_rule_at_risk CHECK (at_risk_days BETWEEN 0 AND 3660),
    CONSTRAINT fk_lifecycle_rule_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

-- Partners enrolled before this release keep their behaviour on upgrade: no at-risk check-in
-- wave to every long-quiet client at the first review. They turn it on by setting a period
-- (PUT /api/v1/promotion-rules, or the console's Client lifecycle page); new partners start at
-- 180 days.
INSERT INTO lifecycle_rule (partner_id, at_risk_days, updated_at) SELECT id, 0, 0 FROM partner;

-- The clients at risk now: a row from the start of an episode to the next sale (or to the
-- contact's no longer being a client). The primary key makes the start of an episode a
-- cluster-safe insert-if-absent.
CREATE TABLE at_risk (
    contact_id  BIGINT      NOT NULL PRIMARY KEY,
    partner_id  BIGINT      NOT NULL,
    episode     VARCHAR(40) NOT NULL,
    since       BIGINT      NOT NULL,
    CONSTRAINT fk_at_risk_contact FOREIGN KEY (contact_id) REFERENCES contact (id)
);
-- The daily review leaves out the partner's clients at risk already.
CREATE INDEX ix_at_risk_partner ON at_risk (partner_id);

-- The client-at-risk program's trigger.
ALTER TABLE program DROP CONSTRAINT ck_program_trigger;
ALTER TABLE program ADD CONSTRAINT ck_program_trigger
    CHECK (trigger_type IN ('AFTER_SALE', 'DATE', 'CHECK_IN', 'PROMOTION', 'CAMPAIGN', 'AT_RISK'));
