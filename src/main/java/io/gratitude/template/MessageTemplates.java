package io.gratitude.template;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The template store: a partner's templates and their versions. */
@Repository
public class MessageTemplates {

	private final JdbcClient jdbc;

	MessageTemplates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The published version of the partner's template with this key (default locale). */
	public Optional<PublishedTemplate> findPublished(long partnerId, String key) {
		return this.jdbc
			.sql("""
					SELECT v.id, t.template_key, v.version, v.subject, v.html_body, v.text_body
					FROM message_template t JOIN template_version v ON v.template_id = t.id AND v.version = t.published_version
					WHERE t.partner_id = ? AND t.template_key = ?
					ORDER BY t.id""")
			.params(partnerId, key)
			.query((rs, row) -> new PublishedTemplate(rs.getLong("id"), rs.getString("template_key"),
					rs.getInt("version"),
					new TemplateSource(rs.getString("template_key") + " v" + rs.getInt("version"),
							rs.getString("subject"), rs.getString("html_body"), rs.getString("text_body"))))
			.list()
			.stream()
			.findFirst();
	}

	/** Creates a template whose version 1 is published at once. */
	void createPublished(long partnerId, String key, String name, TemplateSource source, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO message_template (partner_id, template_key, name, locale, published_version, created_at)
				VALUES (?, ?, ?, 'en', 1, ?)""").params(partnerId, key, name, now.toEpochMilli()).update(keys, "id");
		long templateId = keys.getKeyAs(Number.class).longValue();
		this.jdbc.sql("""
				INSERT INTO template_version (template_id, version, subject, html_body, text_body, status, created_at,
				                              published_at)
				VALUES (?, 1, ?, ?, ?, 'PUBLISHED', ?, ?)""")
			.params(templateId, source.subject(), source.html(), source.text(), now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Publishes new content as the next version (used until the full template API
	 * exists).
	 */
	public int publishNewVersion(long partnerId, String key, TemplateSource source, Instant now) {
		long templateId = this.jdbc.sql("SELECT id FROM message_template WHERE partner_id = ? AND template_key = ?")
			.params(partnerId, key)
			.query(Long.class)
			.single();
		int version = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM template_version WHERE template_id = ?")
			.param(templateId)
			.query(Integer.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO template_version (template_id, version, subject, html_body, text_body, status, created_at,
				                              published_at)
				VALUES (?, ?, ?, ?, ?, 'PUBLISHED', ?, ?)""")
			.params(templateId, version, source.subject(), source.html(), source.text(), now.toEpochMilli(),
					now.toEpochMilli())
			.update();
		this.jdbc.sql("UPDATE message_template SET published_version = ? WHERE id = ?")
			.params(version, templateId)
			.update();
		return version;
	}

}
