-- Contacts erased before erasure reached sales and occasions (issue 9): what a new erasure
-- removes is removed from them too. Their sales keep amount, currency and time; the reference
-- becomes erased-<sale id>, the description and the request's fingerprint (a plain hash of
-- guessable data) go. Their send log's occasions lose the sale reference and custom-date label,
-- SMTP replies go, and a lifecycle change made by a sale names no reference. Suppressions and
-- test sends of those people cannot be found any more (the address is gone): they stay as they
-- were. Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.
UPDATE sale SET external_ref = CONCAT('erased-', id), description = NULL, request_hash = 'erased'
WHERE contact_id IN (SELECT id FROM contact WHERE erased_at IS NOT NULL)
  AND external_ref NOT LIKE 'erased-%';

UPDATE outreach SET occasion = CONCAT('sale:erased-', sale_id)
WHERE contact_id IN (SELECT id FROM contact WHERE erased_at IS NOT NULL)
  AND occasion LIKE 'sale:%' AND occasion NOT LIKE 'sale:erased-%' AND sale_id IS NOT NULL;

UPDATE outreach SET occasion = CONCAT('sale:erased-o', id)
WHERE contact_id IN (SELECT id FROM contact WHERE erased_at IS NOT NULL)
  AND occasion LIKE 'sale:%' AND occasion NOT LIKE 'sale:erased-%' AND sale_id IS NULL;

UPDATE outreach SET occasion = CONCAT('custom:erased-', id)
WHERE contact_id IN (SELECT id FROM contact WHERE erased_at IS NOT NULL)
  AND occasion LIKE 'custom:%' AND occasion NOT LIKE 'custom:erased-%';

UPDATE outreach SET last_reply = NULL
WHERE contact_id IN (SELECT id FROM contact WHERE erased_at IS NOT NULL) AND last_reply IS NOT NULL;

UPDATE attempt SET smtp_reply = NULL
WHERE smtp_reply IS NOT NULL
  AND outreach_id IN (SELECT o.id FROM outreach o JOIN contact c ON c.id = o.contact_id WHERE c.erased_at IS NOT NULL);

UPDATE relationship_change SET actor = 'sale'
WHERE contact_id IN (SELECT id FROM contact WHERE erased_at IS NOT NULL) AND actor LIKE 'sale:%';
