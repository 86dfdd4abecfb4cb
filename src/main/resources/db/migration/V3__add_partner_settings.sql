-- Partner settings of the partner API (issue 3). Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.

-- Hours that must pass between two messages to the same contact; 0 = no cap. Stored here,
-- enforced by the dispatcher from issue 4 on.
ALTER TABLE partner ADD COLUMN frequency_cap_hours INT NOT NULL DEFAULT 72;
ALTER TABLE partner ADD CONSTRAINT ck_partner_frequency_cap CHECK (frequency_cap_hours BETWEEN 0 AND 720);

-- When a key last authenticated a request (epoch milliseconds, precise to a minute).
ALTER TABLE api_key ADD COLUMN last_used_at BIGINT;

-- Listing a partner's keys, and counting its active ones.
CREATE INDEX ix_api_key_partner ON api_key (partner_id, revoked_at);
