-- Localized templates (issue 7). Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.

-- A template's variants are rows of message_template sharing its key, one per locale (the
-- unique key (partner_id, template_key, locale) of V1 already allows them), each with its own
-- versions, draft and published version. The base variant, the one every template has and the
-- only one before this migration, has the empty locale: it is sent when no variant matches.
UPDATE message_template SET locale = '';
ALTER TABLE message_template ALTER COLUMN locale SET DEFAULT '';

-- The locale a partner's messages fall back to when a contact has none (or no variant matches
-- it): picks a variant too, and formats the dates and amounts of the base variant.
ALTER TABLE partner ADD COLUMN default_locale VARCHAR(35) NOT NULL DEFAULT 'en';

-- The variant a message was rendered with when it was sent ('' the base; NULL not sent yet), for
-- the send log's detail.
ALTER TABLE outreach ADD COLUMN locale VARCHAR(35);
