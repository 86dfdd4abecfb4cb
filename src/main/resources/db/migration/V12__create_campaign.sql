-- Appreciation campaigns (issue 7). Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.

-- A paused campaign's messages wait as HELD: the dispatcher claims SCHEDULED and RETRY rows only,
-- so HELD rows are neither sent nor lost, and resuming makes them SCHEDULED again.
ALTER TABLE outreach DROP CONSTRAINT ck_outreach_status;
ALTER TABLE outreach ADD CONSTRAINT ck_outreach_status
    CHECK (status IN ('SCHEDULED', 'SENDING', 'SENT', 'RETRY', 'FAILED', 'SKIPPED', 'CANCELLED', 'HELD'));

-- A one-off send of a template to a segment. Its outreach belongs to its own CAMPAIGN program row
-- (program_id), so the send log, metrics and the frequency cap treat it as any program's; this
-- table keeps the segment, the schedule and the campaign's state.
CREATE TABLE campaign (
    id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id            BIGINT        NOT NULL,
    campaign_key          VARCHAR(64)   NOT NULL,
    program_id            BIGINT        NOT NULL,
    name                  VARCHAR(200)  NOT NULL,
    template_key          VARCHAR(64)   NOT NULL,
    state                 VARCHAR(16)   NOT NULL,
    relationship          VARCHAR(16),
    min_tenure_months     INT,
    min_lifetime_spend    DECIMAL(19,4),
    spend_currency        CHAR(3),
    last_purchase_before  DATE,
    last_purchase_after   DATE,
    send_date             DATE,
    send_time             TIME,
    spread_start          DATE,
    spread_days           INT,
    segment_size          INT,
    created_at            BIGINT        NOT NULL,
    started_at            BIGINT,
    paused_at             BIGINT,
    updated_at            BIGINT        NOT NULL,
    CONSTRAINT uk_campaign_key UNIQUE (partner_id, campaign_key),
    CONSTRAINT uk_campaign_program UNIQUE (program_id),
    CONSTRAINT ck_campaign_state CHECK (state IN ('DRAFT', 'STARTING', 'RUNNING', 'PAUSED', 'CANCELLED')),
    CONSTRAINT ck_campaign_relationship CHECK (relationship IS NULL OR relationship IN ('CUSTOMER', 'CLIENT')),
    CONSTRAINT ck_campaign_spend CHECK ((min_lifetime_spend IS NULL) = (spend_currency IS NULL)),
    CONSTRAINT ck_campaign_schedule CHECK (
        (send_date IS NOT NULL AND send_time IS NOT NULL AND spread_start IS NULL AND spread_days IS NULL)
        OR (send_date IS NULL AND send_time IS NULL AND spread_start IS NOT NULL AND spread_days BETWEEN 1 AND 90)),
    CONSTRAINT fk_campaign_partner FOREIGN KEY (partner_id) REFERENCES partner (id),
    CONSTRAINT fk_campaign_program FOREIGN KEY (program_id) REFERENCES program (id)
);
-- The recovery job looks for paused campaigns (to hold the rows a batch in flight put back).
CREATE INDEX ix_campaign_state ON campaign (state);
