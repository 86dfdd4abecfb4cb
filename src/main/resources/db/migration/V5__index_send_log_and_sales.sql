-- The send log (GET /api/v1/outreach, its CSV export) and the stats read one partner's rows by
-- due time; the sales list reads one partner's sales by time of purchase. Portable: H2 2.x,
-- MySQL 8, MariaDB 10.6+.
CREATE INDEX ix_outreach_partner_due ON outreach (partner_id, due_at);
CREATE INDEX ix_sale_partner_occurred ON sale (partner_id, occurred_at);
