package io.gratitude.preview;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.contact.SignificantDate;
import io.gratitude.dispatch.ClientRecords;
import io.gratitude.dispatch.MessageModel;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.sale.Sale;
import io.gratitude.sale.Sales;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The template model of a stored contact for a preview or a test send: built by
 * {@link MessageModel}, as the dispatcher builds it, for the occasion the program would
 * send next (the contact's next date of the program's kind, next check-in, latest sale),
 * as on the day it would be sent. One thing differs on purpose: {@code unsubscribeUrl}
 * leads to a page that unsubscribes nobody, since a preview or a test message must never
 * carry a working link that opts the real contact out.
 */
@Component
class PreviewModels {

	private final Sales sales;

	private final JdbcClient jdbc;

	private final String inertUnsubscribeUrl;

	private final ClientRecords clients;

	PreviewModels(Sales sales, JdbcClient jdbc, ClientRecords clients,
			@Value("${gratitude.public-url:http://localhost:8080}") String publicUrl) {
		this.sales = sales;
		this.clients = clients;
		this.jdbc = jdbc;
		this.inertUnsubscribeUrl = (publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1)
				: publicUrl) + "/unsubscribe/preview";
	}

	/** The link previews and test sends carry instead of the contact's own. */
	String inertUnsubscribeUrl() {
		return this.inertUnsubscribeUrl;
	}

	/**
	 * The model the contact would get from the program on its next occasion, formatted
	 * for the locale of the template variant rendered.
	 */
	Map<String, Object> forContact(Partner partner, Contact contact, Program program, Instant now, Locale locale) {
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		LocalDate today = LocalDate.ofInstant(now, zone);
		Occasion occasion = nextOccasion(partner, contact, program, today);
		Outreach outreach = new Outreach(0, partner.id(), program.id(), contact.id(), occasion.key(), occasion.date(),
				(occasion.sale() != null) ? occasion.sale().id() : null, OutreachStatus.SCHEDULED, now,
				now.plus(program.maxLateness()), 0, null, "<preview@" + partner.senderDomain() + ">", null, null);
		return MessageModel.withLifecycle(
				MessageModel.build(outreach, contact, partner, program, occasion.sale(),
						this.sales.countByContact(partner.id(), contact.id()), this.inertUnsubscribeUrl,
						occasion.sendDay(), zone, locale),
				contact, this.clients.of(contact), occasion.sendDay(), zone, locale);
	}

	/**
	 * An occasion as the planner would key it, and the local day it would be sent on.
	 */
	private record Occasion(String key, @Nullable LocalDate date, @Nullable Sale sale, LocalDate sendDay) {
	}

	private Occasion nextOccasion(Partner partner, Contact contact, Program program, LocalDate today) {
		return switch (program.trigger()) {
			case AFTER_SALE -> {
				Sale sale = latestSale(partner.id(), contact.id());
				yield new Occasion("sale:" + ((sale != null) ? sale.externalRef() : "preview"), null, sale, today);
			}
			case DATE -> nextDate(partner, contact, program, today);
			case CHECK_IN -> {
				LocalDate since = contact.clientSince();
				if (since == null || program.periodDays() == null) {
					yield new Occasion("check-in@preview", null, null, today);
				}
				long periods = Math.max(1,
						-Math.floorDiv(-ChronoUnit.DAYS.between(since, today), program.periodDays()));
				LocalDate date = since.plusDays(periods * program.periodDays());
				yield new Occasion("check-in@" + date, date, null, date);
			}
			case PROMOTION -> {
				LocalDate since = (contact.clientSince() != null) ? contact.clientSince() : today;
				yield new Occasion("welcome@" + since, since, null, today);
			}
			case CAMPAIGN -> new Occasion(program.key() + "@" + today, null, null, today);
			case AT_RISK -> new Occasion("at-risk@preview", null, null, today);
		};
	}

	/**
	 * The contact's next date of the program's kind whose send day is today or later,
	 * placed as the planner places it (leap-day policy, offset days, no greeting in the
	 * date's own year).
	 */
	private static Occasion nextDate(Partner partner, Contact contact, Program program, LocalDate today) {
		Occasion next = null;
		for (SignificantDate date : contact.dates()) {
			if (date.kind() != program.dateKind()) {
				continue;
			}
			for (int year = today.getYear() - 1; year <= today.getYear() + 1; year++) {
				LocalDate occurrence = partner.leapDayPolicy().occurrence(date.month(), date.day(), year);
				LocalDate sendDay = occurrence.plusDays(program.offsetDays());
				if (sendDay.isBefore(today) || (date.year() != null && year <= date.year())) {
					continue;
				}
				if (next == null || sendDay.isBefore(next.sendDay())) {
					next = new Occasion(OccasionCalendar.occasionKey(date, occurrence), occurrence, null, sendDay);
				}
				break;
			}
		}
		if (next != null) {
			return next;
		}
		String kind = (program.dateKind() != null) ? program.dateKind().name().toLowerCase(Locale.ROOT) : "date";
		return new Occasion(kind.replace('_', '-') + "@preview", null, null, today);
	}

	/**
	 * The contact's most recent sale: what an after-sale message would thank for. Read
	 * here because the sale module offers no such finder.
	 */
	private @Nullable Sale latestSale(long partnerId, long contactId) {
		return this.jdbc.sql("""
				SELECT id FROM sale WHERE partner_id = ? AND contact_id = ?
				ORDER BY occurred_at DESC, id DESC LIMIT 1""")
			.params(partnerId, contactId)
			.query(Long.class)
			.optional()
			.flatMap(id -> this.sales.findById(partnerId, id))
			.orElse(null);
	}

}
