package io.gratitude.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The template store: a partner's templates and their versions. A template is one row per
 * variant sharing the key: the base variant (locale {@link #BASE}) and one per language
 * tag ({@code fr}, {@code pt-BR}), each with its own versions, draft and published
 * version.
 */
@Repository
public class MessageTemplates {

	private static final String TEMPLATE_QUERY = """
			SELECT t.id, t.template_key, t.name, t.locale, t.published_version,
			       (SELECT MAX(v.version) FROM template_version v WHERE v.template_id = t.id) AS latest_version
			FROM message_template t""";

	private static final String VERSION_QUERY = """
			SELECT id, version, status, created_at, published_at, subject, html_body, text_body
			FROM template_version""";

	/** The locale of a template's base variant, the one sent when no other matches. */
	public static final String BASE = "";

	private final JdbcClient jdbc;

	MessageTemplates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The published version of the partner's template with this key (its base variant).
	 */
	public Optional<PublishedTemplate> findPublished(long partnerId, String key) {
		return findPublishedVariants(partnerId, key).stream().filter((t) -> t.locale().isEmpty()).findFirst();
	}

	/**
	 * The published variant of the partner's template a message in one of these locales
	 * gets: the first of {@code preferred} that has a published variant, else the base
	 * variant if it is published.
	 * @param preferred language tags, most wanted first (see {@link LocaleChoice})
	 */
	public Optional<PublishedTemplate> findPublished(long partnerId, String key, List<String> preferred) {
		return choose(findPublishedVariants(partnerId, key), preferred);
	}

	/**
	 * Of a template's published variants ({@link #findPublishedVariants}), the one a
	 * message in one of these locales gets, as {@link #findPublished(long, String, List)}
	 * chooses it: for callers that read the variants once for many messages.
	 */
	public static Optional<PublishedTemplate> choose(List<PublishedTemplate> variants, List<String> preferred) {
		for (String tag : preferred) {
			for (PublishedTemplate variant : variants) {
				if (!variant.locale().isEmpty() && variant.locale().equalsIgnoreCase(tag)) {
					return Optional.of(variant);
				}
			}
		}
		return variants.stream().filter((t) -> t.locale().isEmpty()).findFirst();
	}

	/**
	 * Every published variant of the partner's template with this key (none when it does
	 * not exist or nothing of it is published), in one query.
	 */
	public List<PublishedTemplate> findPublishedVariants(long partnerId, String key) {
		return this.jdbc
			.sql("""
					SELECT v.id, t.template_key, t.locale, v.version, v.subject, v.html_body, v.text_body
					FROM message_template t JOIN template_version v ON v.template_id = t.id AND v.version = t.published_version
					WHERE t.partner_id = ? AND t.template_key = ?
					ORDER BY t.id""")
			.params(partnerId, key)
			.query((rs, row) -> {
				String locale = rs.getString("locale");
				String name = rs.getString("template_key") + (locale.isEmpty() ? "" : " [" + locale + "]") + " v"
						+ rs.getInt("version");
				return new PublishedTemplate(rs.getLong("id"), rs.getString("template_key"), locale,
						rs.getInt("version"), new TemplateSource(name, rs.getString("subject"),
								rs.getString("html_body"), rs.getString("text_body")));
			})
			.list();
	}

	/**
	 * Whether the partner has a template with this key, published or not (programs may
	 * only refer to an existing template).
	 */
	public boolean exists(long partnerId, String key) {
		return this.jdbc.sql("SELECT COUNT(*) FROM message_template WHERE partner_id = ? AND template_key = ?")
			.params(partnerId, key)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Creates a template variant whose version 1 is published at once.
	 * @param locale the variant's language tag, {@link #BASE} for the base variant
	 */
	void createPublished(long partnerId, String key, String locale, String name, TemplateSource source, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO message_template (partner_id, template_key, name, locale, published_version, created_at)
				VALUES (?, ?, ?, ?, 1, ?)""")
			.params(partnerId, key, name, locale, now.toEpochMilli())
			.update(keys, "id");
		long templateId = keys.getKeyAs(Number.class).longValue();
		this.jdbc.sql("""
				INSERT INTO template_version (template_id, version, subject, html_body, text_body, status, created_at,
				                              published_at)
				VALUES (?, 1, ?, ?, ?, 'PUBLISHED', ?, ?)""")
			.params(templateId, source.subject(), source.html(), source.text(), now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Publishes new content as the next version at once, retiring the published one,
	 * without the checks of the template API (for tests that need a template the API
	 * refuses).
	 */
	public int publishNewVersion(long partnerId, String key, TemplateSource source, Instant now) {
		long templateId = this.jdbc
			.sql("SELECT id FROM message_template WHERE partner_id = ? AND template_key = ? AND locale = ''")
			.params(partnerId, key)
			.query(Long.class)
			.single();
		int version = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM template_version WHERE template_id = ?")
			.param(templateId)
			.query(Integer.class)
			.single();
		this.jdbc.sql("UPDATE template_version SET status = 'RETIRED' WHERE template_id = ? AND status = 'PUBLISHED'")
			.param(templateId)
			.update();
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

	/** The partner's templates (their base variants), by key. */
	public List<MessageTemplate> findByPartner(long partnerId) {
		return this.jdbc.sql(TEMPLATE_QUERY + " WHERE t.partner_id = ? AND t.locale = '' ORDER BY t.template_key, t.id")
			.param(partnerId)
			.query(MessageTemplates::mapTemplate)
			.list();
	}

	/** The partner's template with this key: its base variant. */
	public Optional<MessageTemplate> findByKey(long partnerId, String key) {
		return findVariant(partnerId, key, BASE);
	}

	/**
	 * A variant of the partner's template.
	 * @param locale a canonical language tag, or {@link #BASE}
	 */
	public Optional<MessageTemplate> findVariant(long partnerId, String key, String locale) {
		return this.jdbc.sql(TEMPLATE_QUERY + " WHERE t.partner_id = ? AND t.template_key = ? AND t.locale = ?")
			.params(partnerId, key, locale)
			.query(MessageTemplates::mapTemplate)
			.optional();
	}

	/** Every variant of the partner's template, the base first, then by locale. */
	public List<MessageTemplate> findVariants(long partnerId, String key) {
		return this.jdbc.sql(TEMPLATE_QUERY + " WHERE t.partner_id = ? AND t.template_key = ? ORDER BY t.locale")
			.params(partnerId, key)
			.query(MessageTemplates::mapTemplate)
			.list();
	}

	/**
	 * Deletes a variant and its versions (messages already sent keep their log rows: they
	 * refer to the template by key only).
	 */
	void deleteVariant(long templateId) {
		this.jdbc.sql("DELETE FROM template_version WHERE template_id = ?").param(templateId).update();
		this.jdbc.sql("DELETE FROM message_template WHERE id = ?").param(templateId).update();
	}

	/**
	 * Locks the template's row until the transaction ends, so that versions are numbered
	 * and published one at a time.
	 */
	void lock(long templateId) {
		this.jdbc.sql("SELECT id FROM message_template WHERE id = ? FOR UPDATE")
			.param(templateId)
			.query(Long.class)
			.single();
	}

	/** The template's versions, newest first, with their texts. */
	public List<TemplateVersion> findVersions(MessageTemplate template) {
		return this.jdbc.sql(VERSION_QUERY + " WHERE template_id = ? ORDER BY version DESC")
			.param(template.id())
			.query((rs, row) -> mapVersion(template.key(), rs))
			.list();
	}

	/** One version of the template. */
	public Optional<TemplateVersion> findVersion(MessageTemplate template, int version) {
		return this.jdbc.sql(VERSION_QUERY + " WHERE template_id = ? AND version = ?")
			.params(template.id(), version)
			.query((rs, row) -> mapVersion(template.key(), rs))
			.optional();
	}

	/** The template's newest draft, if it has one. */
	public Optional<TemplateVersion> findLatestDraft(MessageTemplate template) {
		return this.jdbc
			.sql(VERSION_QUERY + " WHERE template_id = ? AND status = 'DRAFT' ORDER BY version DESC LIMIT 1")
			.param(template.id())
			.query((rs, row) -> mapVersion(template.key(), rs))
			.optional();
	}

	/**
	 * Creates a template without versions; its first draft follows in the same
	 * transaction.
	 */
	long create(long partnerId, String key, String locale, String name, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO message_template (partner_id, template_key, name, locale, published_version, created_at)
				VALUES (?, ?, ?, ?, NULL, ?)""")
			.params(partnerId, key, name, locale, now.toEpochMilli())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	void rename(long templateId, String name) {
		this.jdbc.sql("UPDATE message_template SET name = ? WHERE id = ?").params(name, templateId).update();
	}

	/**
	 * Stores the source as the template's next version, a draft. Call with the template
	 * {@link #lock locked}.
	 * @return the new version's number
	 */
	int addDraft(long templateId, TemplateSource source, Instant now) {
		int version = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM template_version WHERE template_id = ?")
			.param(templateId)
			.query(Integer.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO template_version (template_id, version, subject, html_body, text_body, status, created_at)
				VALUES (?, ?, ?, ?, ?, 'DRAFT', ?)""")
			.params(templateId, version, source.subject(), source.html(), source.text(), now.toEpochMilli())
			.update();
		return version;
	}

	/**
	 * Makes the version the published one and retires the one published before. Call with
	 * the template {@link #lock locked}, in one transaction.
	 */
	void publish(long templateId, int version, Instant now) {
		this.jdbc.sql("""
				UPDATE template_version SET status = 'RETIRED'
				WHERE template_id = ? AND status = 'PUBLISHED' AND version <> ?""")
			.params(templateId, version)
			.update();
		this.jdbc.sql("""
				UPDATE template_version SET status = 'PUBLISHED', published_at = ?
				WHERE template_id = ? AND version = ?""").params(now.toEpochMilli(), templateId, version).update();
		this.jdbc.sql("UPDATE message_template SET published_version = ? WHERE id = ?")
			.params(version, templateId)
			.update();
	}

	private static MessageTemplate mapTemplate(ResultSet rs, int row) throws SQLException {
		int published = rs.getInt("published_version");
		@Nullable Integer publishedVersion = rs.wasNull() ? null : published;
		return new MessageTemplate(rs.getLong("id"), rs.getString("template_key"), rs.getString("name"),
				rs.getString("locale"), publishedVersion, rs.getInt("latest_version"));
	}

	private static TemplateVersion mapVersion(String key, ResultSet rs) throws SQLException {
		long publishedAt = rs.getLong("published_at");
		@Nullable Instant published = rs.wasNull() ? null : Instant.ofEpochMilli(publishedAt);
		int version = rs.getInt("version");
		return new TemplateVersion(rs.getLong("id"), version, TemplateStatus.valueOf(rs.getString("status")),
				Instant.ofEpochMilli(rs.getLong("created_at")), published, new TemplateSource(key + " v" + version,
						rs.getString("subject"), rs.getString("html_body"), rs.getString("text_body")));
	}

}
