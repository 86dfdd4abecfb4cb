-- The audit log (issue 9): what staff, API keys and the admin token changed that matters for
-- trust: template publishes, program changes, erasures, API keys, staff users, partners,
-- campaigns. Written in the same transaction as the change, so a change that rolls back leaves
-- no entry. actor_kind: STAFF (actor = the user's email, actor_id the staff_user id), API_KEY
-- (actor = the key's prefix), ADMIN_TOKEN or SYSTEM. target names the thing changed by key or
-- id, never a contact's personal data (an erased contact is "contact #<id>").
CREATE TABLE audit_event (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    at          BIGINT       NOT NULL,
    actor_kind  VARCHAR(16)  NOT NULL,
    actor_id    BIGINT,
    actor       VARCHAR(320) NOT NULL,
    partner_id  BIGINT,
    action      VARCHAR(64)  NOT NULL,
    target      VARCHAR(300) NOT NULL,
    CONSTRAINT ck_audit_event_actor_kind CHECK (actor_kind IN ('STAFF', 'API_KEY', 'ADMIN_TOKEN', 'SYSTEM'))
);
CREATE INDEX ix_audit_event_partner ON audit_event (partner_id, id);
