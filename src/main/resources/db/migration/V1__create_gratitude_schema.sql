-- Gratitude's own tables. Portable SQL: runs unchanged on H2 2.x, MySQL 8 and MariaDB 10.6+.
-- Instants are stored as BIGINT epoch milliseconds (UTC), as Quartz does: no driver or session
-- time zone can shift them. Calendar values (a client-since date, a send time) use DATE and TIME.

CREATE TABLE partner (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    sender_email     VARCHAR(320) NOT NULL,
    sender_name      VARCHAR(200) NOT NULL,
    reply_to         VARCHAR(320),
    time_zone        VARCHAR(64)  NOT NULL,
    window_start     TIME         NOT NULL,
    window_end       TIME         NOT NULL,
    leap_day_policy  VARCHAR(16)  NOT NULL DEFAULT 'FEB_28',
    paused           BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at       BIGINT       NOT NULL,
    CONSTRAINT ck_partner_leap CHECK (leap_day_policy IN ('FEB_28', 'MAR_1'))
);

CREATE TABLE api_key (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id  BIGINT       NOT NULL,
    prefix      VARCHAR(16)  NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL,
    label       VARCHAR(100) NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT,
    CONSTRAINT uk_api_key_prefix UNIQUE (prefix),
    CONSTRAINT fk_api_key_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

CREATE TABLE contact (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id    BIGINT       NOT NULL,
    external_ref  VARCHAR(100) NOT NULL,
    email         VARCHAR(320),
    first_name    VARCHAR(100),
    last_name     VARCHAR(100),
    relationship  VARCHAR(16)  NOT NULL,
    time_zone     VARCHAR(64),
    locale        VARCHAR(35),
    client_since  DATE,
    attributes    VARCHAR(4000),
    opted_out_at  BIGINT,
    erased_at     BIGINT,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT uk_contact_ref UNIQUE (partner_id, external_ref),
    CONSTRAINT ck_contact_relationship CHECK (relationship IN ('CUSTOMER', 'CLIENT')),
    CONSTRAINT fk_contact_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

CREATE TABLE significant_date (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id  BIGINT       NOT NULL,
    contact_id  BIGINT       NOT NULL,
    kind        VARCHAR(24)  NOT NULL,
    label       VARCHAR(100) NOT NULL DEFAULT '',
    date_month  SMALLINT     NOT NULL,
    date_day    SMALLINT     NOT NULL,
    date_year   SMALLINT,
    CONSTRAINT uk_significant_date UNIQUE (contact_id, kind, label),
    CONSTRAINT ck_significant_date_kind CHECK (kind IN ('BIRTHDAY', 'CLIENT_ANNIVERSARY', 'CUSTOM')),
    CONSTRAINT ck_significant_date_month CHECK (date_month BETWEEN 1 AND 12),
    CONSTRAINT ck_significant_date_day CHECK (date_day BETWEEN 1 AND 31),
    CONSTRAINT fk_significant_date_contact FOREIGN KEY (contact_id) REFERENCES contact (id)
);
-- Planning reads one partner's dates of one kind for a handful of (month, day) pairs.
CREATE INDEX ix_significant_date_due ON significant_date (partner_id, kind, date_month, date_day);

CREATE TABLE sale (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id    BIGINT        NOT NULL,
    contact_id    BIGINT        NOT NULL,
    external_ref  VARCHAR(100)  NOT NULL,
    amount        DECIMAL(19,4) NOT NULL,
    currency      CHAR(3)       NOT NULL,
    occurred_at   BIGINT        NOT NULL,
    description   VARCHAR(500),
    request_hash  VARCHAR(64)   NOT NULL,
    created_at    BIGINT        NOT NULL,
    CONSTRAINT uk_sale_ref UNIQUE (partner_id, external_ref),
    CONSTRAINT fk_sale_contact FOREIGN KEY (contact_id) REFERENCES contact (id)
);
CREATE INDEX ix_sale_contact ON sale (contact_id, occurred_at);

CREATE TABLE message_template (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id         BIGINT       NOT NULL,
    template_key       VARCHAR(64)  NOT NULL,
    name               VARCHAR(200) NOT NULL,
    locale             VARCHAR(35)  NOT NULL DEFAULT 'en',
    published_version  INT,
    created_at         BIGINT       NOT NULL,
    CONSTRAINT uk_template_key UNIQUE (partner_id, template_key, locale),
    CONSTRAINT fk_template_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

CREATE TABLE template_version (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    template_id  BIGINT       NOT NULL,
    version      INT          NOT NULL,
    subject      VARCHAR(1000) NOT NULL,
    html_body    MEDIUMTEXT   NOT NULL,
    text_body    MEDIUMTEXT   NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    published_at BIGINT,
    CONSTRAINT uk_template_version UNIQUE (template_id, version),
    CONSTRAINT ck_template_version_status CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
    CONSTRAINT fk_template_version_template FOREIGN KEY (template_id) REFERENCES message_template (id)
);

CREATE TABLE program (
    id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id            BIGINT       NOT NULL,
    program_key           VARCHAR(64)  NOT NULL,
    name                  VARCHAR(200) NOT NULL,
    trigger_type          VARCHAR(16)  NOT NULL,
    date_kind             VARCHAR(24),
    audience              VARCHAR(16)  NOT NULL,
    template_key          VARCHAR(64)  NOT NULL,
    delay_seconds         BIGINT       NOT NULL DEFAULT 0,
    offset_days           INT          NOT NULL DEFAULT 0,
    period_days           INT,
    send_at               TIME,
    max_lateness_seconds  BIGINT       NOT NULL,
    priority              INT          NOT NULL,
    enabled               BOOLEAN      NOT NULL DEFAULT TRUE,
    planned_through       BIGINT,
    created_at            BIGINT       NOT NULL,
    updated_at            BIGINT       NOT NULL,
    CONSTRAINT uk_program_key UNIQUE (partner_id, program_key),
    CONSTRAINT ck_program_trigger CHECK (trigger_type IN ('AFTER_SALE', 'DATE', 'CHECK_IN', 'PROMOTION', 'CAMPAIGN')),
    CONSTRAINT ck_program_audience CHECK (audience IN ('CUSTOMER', 'CLIENT', 'ANY')),
    CONSTRAINT fk_program_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

-- The queue and the send log in one: one row per (program, contact, occasion), ever.
CREATE TABLE outreach (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id     BIGINT        NOT NULL,
    program_id     BIGINT        NOT NULL,
    contact_id     BIGINT        NOT NULL,
    occasion       VARCHAR(150)  NOT NULL,
    occasion_date  DATE,
    sale_id        BIGINT,
    status         VARCHAR(16)   NOT NULL,
    due_at         BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL,
    attempt_count  INT           NOT NULL DEFAULT 0,
    lease_until    BIGINT,
    claimed_by     VARCHAR(100),
    sent_at        BIGINT,
    message_id     VARCHAR(255)  NOT NULL,
    reason         VARCHAR(64),
    last_reply     VARCHAR(1000),
    version        INT           NOT NULL DEFAULT 0,
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    CONSTRAINT uk_outreach_occasion UNIQUE (program_id, contact_id, occasion),
    CONSTRAINT ck_outreach_status CHECK (status IN ('SCHEDULED', 'SENDING', 'SENT', 'RETRY', 'FAILED', 'SKIPPED', 'CANCELLED')),
    CONSTRAINT fk_outreach_program FOREIGN KEY (program_id) REFERENCES program (id),
    CONSTRAINT fk_outreach_contact FOREIGN KEY (contact_id) REFERENCES contact (id)
);
-- The dispatcher claims (status, due_at) ranges; recovery scans (status, lease_until).
CREATE INDEX ix_outreach_due ON outreach (status, due_at);
CREATE INDEX ix_outreach_lease ON outreach (status, lease_until);
CREATE INDEX ix_outreach_partner ON outreach (partner_id, contact_id);

CREATE TABLE attempt (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    outreach_id   BIGINT        NOT NULL,
    attempted_at  BIGINT        NOT NULL,
    node          VARCHAR(100)  NOT NULL,
    outcome       VARCHAR(16)   NOT NULL,
    smtp_code     INT,
    smtp_reply    VARCHAR(1000),
    duration_ms   BIGINT        NOT NULL,
    CONSTRAINT fk_attempt_outreach FOREIGN KEY (outreach_id) REFERENCES outreach (id)
);
CREATE INDEX ix_attempt_outreach ON attempt (outreach_id);

CREATE TABLE suppression (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id  BIGINT        NOT NULL,
    email       VARCHAR(320)  NOT NULL,
    reason      VARCHAR(32)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT uk_suppression UNIQUE (partner_id, email),
    CONSTRAINT fk_suppression_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);

-- Secrets the service generates for itself when configuration gives none (unsubscribe signing
-- key of the zero-set-up run), shared by every node of a cluster.
CREATE TABLE instance_secret (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    secret      VARCHAR(200)  NOT NULL,
    created_at  BIGINT        NOT NULL
);
