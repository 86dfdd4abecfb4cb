-- Template test sends and deleted programs. Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.

-- A staff member's test send of a template (POST /api/v1/templates/{key}/test-send): logged
-- here, never as outreach, so that it counts as no occasion and is never retried or planned.
-- Every try is kept, refused ones too (smtp_code 0: the server was not reached).
CREATE TABLE test_send (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id    BIGINT        NOT NULL,
    template_key  VARCHAR(64)   NOT NULL,
    version       INT           NOT NULL,
    to_address    VARCHAR(320)  NOT NULL,
    sent_at       BIGINT        NOT NULL,
    smtp_code     INT           NOT NULL,
    smtp_reply    VARCHAR(1000) NOT NULL,
    message_id    VARCHAR(255)  NOT NULL,
    CONSTRAINT fk_test_send_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);
CREATE INDEX ix_test_send_partner ON test_send (partner_id, sent_at);

-- A deleted program stays (outreach rows refer to it) but is disabled and hidden from the API
-- and the planner; its key stays taken.
ALTER TABLE program ADD COLUMN deleted_at BIGINT;
