-- Erasure (DELETE /api/v1/contacts/{ref}) keeps the contact's row without personal data and
-- replaces its external_ref with 'erased-<id>', so the partner can create the ref again. A
-- repeated DELETE of the old ref must still answer 204: the row keeps a SHA-256 of
-- (partner id, old ref) for that, never the ref itself.
ALTER TABLE contact ADD COLUMN erased_ref_hash VARCHAR(64);
CREATE INDEX ix_contact_erased_ref ON contact (partner_id, erased_ref_hash);
