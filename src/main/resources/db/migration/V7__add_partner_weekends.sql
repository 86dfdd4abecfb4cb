-- The partner's optional "no weekends" (issue 4): Saturdays and Sundays in the recipient's
-- local zone are outside the send window. Portable SQL: H2 2.x, MySQL 8, MariaDB 10.6+.
ALTER TABLE partner ADD COLUMN skip_weekends BOOLEAN NOT NULL DEFAULT FALSE;
