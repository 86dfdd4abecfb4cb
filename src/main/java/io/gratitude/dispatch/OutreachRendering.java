package io.gratitude.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.Outreach;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.suppression.UnsubscribeTokens;
import io.gratitude.template.LocaleChoice;
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
 * log's preview use, both from what {@link DispatchReads} read, so that what the log
 * shows and what is sent cannot differ.
 */
@Component
public class OutreachRendering {

	private final DispatchReads reads;

	private final SandboxedRenderer renderer;

	private final UnsubscribeTokens unsubscribe;

	OutreachRendering(DispatchReads reads, SandboxedRenderer renderer, UnsubscribeTokens unsubscribe) {
		this.reads = reads;
		this.renderer = renderer;
		this.unsubscribe = unsubscribe;
	}

	/**
	 * A rendered message, the unsubscribe page its model linked to, and the template
	 * variant it was rendered with ({@code ""} the base).
	 */
	record Rendering(RenderedMessage message, String unsubscribePage, String locale) {
	}

	/**
	 * A preview, or why there is none: exactly one of {@code message} and {@code error}
	 * is set.
	 */
	public record Preview(@Nullable RenderedMessage message, @Nullable String error) {
	}

	/**
	 * Renders the outreach as the dispatcher sends it at {@code at}.
	 * @param zone the contact's zone ({@link OccasionCalendar#zoneFor})
	 * @param at the moment of sending: the model's "today" is its date in {@code zone}
	 * @param facts what was read about the outreach's slice: its published template, sale
	 * and client record
	 * @throws TemplateRejected when the program has no published template or it fails to
	 * render
	 */
	Rendering render(Outreach outreach, Contact contact, Partner partner, Program program, ZoneId zone, Instant at,
			DispatchReads.Snapshot facts) {
		return render(outreach, contact, partner, program, zone, at, facts, true);
	}

	/**
	 * @param sending whether the message is being sent: then it waits for a render thread
	 * when all are busy, where a preview is refused ({@code RendersBusy}, 503)
	 */
	private Rendering render(Outreach outreach, Contact contact, Partner partner, Program program, ZoneId zone,
			Instant at, DispatchReads.Snapshot facts, boolean sending) {
		PublishedTemplate template = facts
			.published(partner.id(), program.templateKey(),
					LocaleChoice.preference(contact.locale(), partner.defaultLocale()))
			.orElseThrow(() -> new TemplateRejected("subject", 0, 0,
					"no published template '" + program.templateKey() + "'"));
		ClientRecords.ClientRecord client = facts.client(contact);
		String page = this.unsubscribe.pageUrl(partner.id(), contact.id());
		LocalDate today = LocalDate.ofInstant(at, zone);
		java.util.Locale formatting = LocaleChoice.formatting(template, partner.defaultLocale());
		Map<String, Object> model = MessageModel
			.withLifecycle(
					MessageModel.build(outreach, contact, partner, program, facts.sale(outreach),
							client.purchaseCount(), page, today, zone, formatting),
					contact, client, today, zone, formatting);
		SandboxedRenderer.Owner owner = new SandboxedRenderer.Owner(partner.id(), template.locale());
		RenderedMessage message = sending
				? this.renderer.renderForSending(owner, template.cacheKey(), template.source(), model)
				: this.renderer.render(owner, template.cacheKey(), template.source(), model);
		return new Rendering(message, page, template.locale());
	}

	/**
	 * Renders a logged outreach for the partner to read: as sent (at its send time) or as
	 * it would be sent (at its due time, or now if that is past). Never throws for a
	 * template that fails: the error is returned instead.
	 */
	public Preview preview(Outreach outreach, Instant now) {
		DispatchReads.Snapshot facts = this.reads.readForRendering(List.of(outreach));
		Partner partner = facts.partner(outreach);
		Program program = facts.program(outreach);
		Contact contact = facts.contact(outreach);
		if (contact.erased()) {
			// Erasure removed the personal data a message would show; nothing to render.
			return new Preview(null, "the contact was erased");
		}
		Instant at = (outreach.sentAt() != null) ? outreach.sentAt()
				: outreach.dueAt().isAfter(now) ? outreach.dueAt() : now;
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		try {
			return new Preview(render(outreach, contact, partner, program, zone, at, facts, false).message(), null);
		}
		catch (TemplateRejected ex) {
			return new Preview(null, ex.getMessage());
		}
	}

}
