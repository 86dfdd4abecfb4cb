package io.gratitude.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.mail.UnsubscribeTokens;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.sale.Sale;
import io.gratitude.sale.Sales;
import io.gratitude.template.LocaleChoice;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.PublishedTemplate;
import io.gratitude.template.RenderedMessage;
import io.gratitude.template.SandboxedRenderer;
import io.gratitude.template.TemplateRejected;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Renders an outreach's message: the program's currently published template, in the
 * variant {@link LocaleChoice} picks for the contact, against the model of
 * {@link MessageModel}. The one place both the {@link Dispatcher} (to send) and the send
 * log's preview use, so that what the log shows and what is sent cannot differ.
 */
@Component
class OutreachRendering {

	private final Partners partners;

	private final Programs programs;

	private final Contacts contacts;

	private final Sales sales;

	private final MessageTemplates templates;

	private final SandboxedRenderer renderer;

	private final UnsubscribeTokens unsubscribe;

	private final UsedLocales usedLocales;

	private final ClientRecords clients;

	OutreachRendering(Partners partners, Programs programs, Contacts contacts, Sales sales, MessageTemplates templates,
			SandboxedRenderer renderer, UnsubscribeTokens unsubscribe, UsedLocales usedLocales, ClientRecords clients) {
		this.usedLocales = usedLocales;
		this.clients = clients;
		this.partners = partners;
		this.programs = programs;
		this.contacts = contacts;
		this.sales = sales;
		this.templates = templates;
		this.renderer = renderer;
		this.unsubscribe = unsubscribe;
	}

	/**
	 * A rendered message and the unsubscribe page its model linked to.
	 */
	record Rendering(RenderedMessage message, String unsubscribePage, String locale) {
	}

	/**
	 * A preview, or why there is none: exactly one of {@code message} and {@code error}
	 * is set.
	 */
	record Preview(@Nullable RenderedMessage message, @Nullable String error) {
	}

	/**
	 * Renders the outreach as the dispatcher would send it at {@code at}.
	 * @param zone the contact's zone ({@link OccasionCalendar#zoneFor})
	 * @param at the moment of sending: the model's "today" is its date in {@code zone}
	 * @throws TemplateRejected when the program has no published template or it fails to
	 * render
	 */
	Rendering render(Outreach outreach, Contact contact, Partner partner, Program program, ZoneId zone, Instant at) {
		PublishedTemplate template = this.templates
			.findPublished(partner.id(), program.templateKey(),
					LocaleChoice.preference(contact.locale(), partner.defaultLocale()))
			.orElseThrow(() -> new TemplateRejected("subject", 0, 0,
					"no published template '" + program.templateKey() + "'"));
		Sale sale = (outreach.saleId() != null) ? this.sales.findById(partner.id(), outreach.saleId()).orElse(null)
				: null;
		int purchases = this.sales.countByContact(partner.id(), contact.id());
		String page = this.unsubscribe.pageUrl(partner.id(), contact.id());
		LocalDate today = LocalDate.ofInstant(at, zone);
		java.util.Locale formatting = LocaleChoice.formatting(template, partner.defaultLocale());
		Map<String, Object> model = MessageModel.withLifecycle(
				MessageModel.build(outreach, contact, partner, program, sale, purchases, page, today, zone, formatting),
				contact, this.clients.of(contact), today, zone, formatting);
		return new Rendering(this.renderer.render(template.cacheKey(), template.source(), model), page,
				template.locale());
	}

	/**
	 * Renders the outreach as {@link #render} does, for the dispatcher about to send it,
	 * and records on its row the template variant used (the send log shows it). Call with
	 * the row claimed by {@code node}.
	 */
	Rendering renderForSending(Outreach outreach, Contact contact, Partner partner, Program program, ZoneId zone,
			Instant at, String node) {
		Rendering rendering = render(outreach, contact, partner, program, zone, at);
		this.usedLocales.record(outreach.id(), node, rendering.locale());
		return rendering;
	}

	/**
	 * Renders a logged outreach for the partner to read: as sent (at its send time) or as
	 * it would be sent (at its due time, or now if that is past). Never throws for a
	 * template that fails: the error is returned instead.
	 */
	Preview preview(Outreach outreach, Instant now) {
		Partner partner = this.partners.findById(outreach.partnerId()).orElseThrow();
		Program program = this.programs.findById(outreach.partnerId(), outreach.programId()).orElseThrow();
		Contact contact = this.contacts.findById(outreach.partnerId(), outreach.contactId()).orElseThrow();
		if (contact.erased()) {
			// Erasure removed the personal data a message would show; nothing to render.
			return new Preview(null, "the contact was erased");
		}
		Instant at = (outreach.sentAt() != null) ? outreach.sentAt()
				: outreach.dueAt().isAfter(now) ? outreach.dueAt() : now;
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		try {
			return new Preview(render(outreach, contact, partner, program, zone, at).message(), null);
		}
		catch (TemplateRejected ex) {
			return new Preview(null, ex.getMessage());
		}
	}

}
