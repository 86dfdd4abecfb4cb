package io.gratitude.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.SendRules;
import io.gratitude.outreach.SkipReason;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.planning.OccasionFinder;
import io.gratitude.planning.Planner;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What will be sent, computed by the planner's and the dispatcher's own code and written
 * nowhere: the rows already in the queue, plus the dated and check-in occasions the plan
 * job has yet to plan ({@link OccasionFinder}, the planner's computation, from where the
 * plan job will next start), each judged by the dispatcher's send-time rules
 * ({@link SendRules}) as of now.
 */
@Component
public class Forecasts {

	/**
	 * Waiting rows due this long before now are still looked at: no program's lateness is
	 * longer, so an older waiting row can only be skipped.
	 */
	static final Duration OVERDUE = Duration.ofDays(30);

	private static final int CHUNK = 500;

	private final OutreachQueue queue;

	private final SendLog sendLog;

	private final OccasionFinder occasions;

	private final SendRules rules;

	private final Planner planner;

	private final Partners partners;

	private final Programs programs;

	private final Contacts contacts;

	private final Clock clock;

	Forecasts(OutreachQueue queue, SendLog sendLog, OccasionFinder occasions, SendRules rules, Planner planner,
			Partners partners, Programs programs, Contacts contacts, Clock clock) {
		this.queue = queue;
		this.sendLog = sendLog;
		this.occasions = occasions;
		this.rules = rules;
		this.planner = planner;
		this.partners = partners;
		this.programs = programs;
		this.contacts = contacts;
		this.clock = clock;
	}

	/**
	 * One expected message.
	 *
	 * @param dueAt when it goes (after any send-window move), or would have gone
	 * @param outreachId its row when already planned, null when the plan job has yet to
	 * plan it
	 * @param wouldSkip the reason the dispatcher would skip it (as stored on a SKIPPED or
	 * CANCELLED row), null when it would be sent
	 */
	public record Item(Instant dueAt, Program program, Contact contact, String occasion,
			@Nullable LocalDate occasionDate, @Nullable Long outreachId, @Nullable SkipReason wouldSkip) {
	}

	/**
	 * The forecast of a partner's days.
	 *
	 * @param from the start: the requested one, or now when that is earlier
	 * @param to the end, exclusive: midnight after the last day, in the partner's zone
	 * @param days every local day from {@code from}'s to the last, each with its items by
	 * due time
	 */
	public record Forecast(Instant from, Instant to, ZoneId zone, boolean paused, Map<LocalDate, List<Item>> days) {
	}

	/**
	 * The next {@code days} local days of the partner, the first from {@code from} (or
	 * now, whichever is later) on.
	 */
	public Forecast forecast(long partnerId, @Nullable Instant requestedFrom, int days) {
		Instant now = this.clock.instant();
		Partner partner = this.partners.findById(partnerId).orElseThrow();
		ZoneId zone = partner.timeZone();
		Instant from = (requestedFrom == null || requestedFrom.isBefore(now)) ? now : requestedFrom;
		LocalDate firstDay = LocalDate.ofInstant(from, zone);
		Instant to = firstDay.plusDays(days).atStartOfDay(zone).toInstant();
		Judge judge = new Judge(partner);
		// The frequency cap weighs what is due up to a period later: looked at too, shown
		// not.
		Duration cap = SendRules.capOf(partner);
		Instant lookedAtTo = to.plus(cap);
		List<Expected> expected = new ArrayList<>();

		// (a) What is in the queue: the post-sale and welcome messages already planned
		// too. From now on, waiting rows already due are about to be claimed: looked at
		// as of now.
		Instant queuedFrom = from.equals(now) ? now.minus(OVERDUE) : from;
		Map<Long, Optional<Program>> programsById = new HashMap<>();
		for (SendLog.Listed listed : this.sendLog.findPending(partnerId, queuedFrom, lookedAtTo)) {
			Outreach o = listed.outreach();
			Program program = programsById.computeIfAbsent(o.programId(), id -> this.programs.findById(partnerId, id))
				.orElseThrow();
			Contact contact = judge.contact(o.contactId());
			if (contact == null) {
				continue;
			}
			Instant at = o.dueAt().isBefore(now) ? now : o.dueAt();
			expected.add(new Expected(program, contact, o.occasion(), o.occasionDate(), o.id(), at, o.expiresAt()));
		}

		// (b) What the plan job will plan: the same computation, from where its next run
		// starts, less what is in the queue already in any status (the unique key).
		for (Program program : this.programs.findByPartner(partnerId)) {
			if (!program.enabled() || (program.trigger() != Trigger.DATE && program.trigger() != Trigger.CHECK_IN)) {
				continue;
			}
			Instant plannedFrom = this.planner.from(program, now);
			Instant start = plannedFrom.isAfter(from) ? plannedFrom : from;
			if (!start.isBefore(lookedAtTo)) {
				continue;
			}
			List<OccasionFinder.Candidate> candidates = (program.trigger() == Trigger.DATE)
					? this.occasions.dated(partner, program, start, lookedAtTo)
					: this.occasions.checkIns(partner, program, start, lookedAtTo);
			for (int i = 0; i < candidates.size(); i += CHUNK) {
				List<OccasionFinder.Candidate> chunk = candidates.subList(i, Math.min(candidates.size(), i + CHUNK));
				Set<String> existing = this.queue.existingOccasions(program.id(),
						chunk.stream().map(OccasionFinder.Candidate::contactId).distinct().toList(),
						chunk.stream().map(OccasionFinder.Candidate::occasion).distinct().toList());
				for (OccasionFinder.Candidate candidate : chunk) {
					if (existing.contains(candidate.contactId() + "|" + candidate.occasion())) {
						continue;
					}
					Contact contact = judge.contact(candidate.contactId());
					if (contact == null) {
						continue;
					}
					expected.add(new Expected(program, contact, candidate.occasion(), candidate.occasionDate(), null,
							candidate.dueAt(), candidate.expiresAt()));
				}
			}
		}

		List<Item> items = judge.judgeAll(expected, cap, now, to);
		Map<LocalDate, List<Item>> byDay = new LinkedHashMap<>();
		for (LocalDate day = firstDay; day.isBefore(firstDay.plusDays(days)); day = day.plusDays(1)) {
			byDay.put(day, new ArrayList<>());
		}
		items.sort(Comparator.comparing(Item::dueAt)
			.thenComparing(item -> item.program().key())
			.thenComparing(item -> item.contact().externalRef())
			.thenComparing(Item::occasion));
		for (Item item : items) {
			// A window move can carry an item past the end.
			if (!item.dueAt().isBefore(from) && item.dueAt().isBefore(to)) {
				byDay.get(LocalDate.ofInstant(item.dueAt(), zone)).add(item);
			}
		}
		return new Forecast(from, to, zone, partner.paused(), byDay);
	}

	/** A message expected at {@code at}, before the send-time rules judge it. */
	private record Expected(Program program, Contact contact, String occasion, @Nullable LocalDate occasionDate,
			@Nullable Long outreachId, Instant at, Instant expiresAt) {

		Expected at(Instant later) {
			return new Expected(this.program, this.contact, this.occasion, this.occasionDate, this.outreachId, later,
					this.expiresAt);
		}

		SendRules.Ranked ranked() {
			return new SendRules.Ranked(this.program.priority(), this.at, this.program.key(), this.occasion);
		}

	}

	/** The order the dispatcher claims in: by due time, then a stable tie-break. */
	private static final Comparator<Expected> CLAIM_ORDER = Comparator.<Expected, Instant>comparing(Expected::at)
		.thenComparing(e -> e.program().priority())
		.thenComparing(e -> e.program().key())
		.thenComparing(e -> e.contact().externalRef())
		.thenComparing(Expected::occasion);

	/** The dispatcher's decision for one expected message, with a contact cache. */
	private final class Judge {

		private final Partner partner;

		private final Map<Long, Optional<Contact>> contactsById = new HashMap<>();

		Judge(Partner partner) {
			this.partner = partner;
		}

		@Nullable Contact contact(long id) {
			return this.contactsById
				.computeIfAbsent(id, key -> Forecasts.this.contacts.findById(this.partner.id(), key))
				.orElse(null);
		}

		/**
		 * Lives through the expected messages in due order, as the dispatcher claims
		 * them: the send-time checks, then the recipient's send window, which moves a
		 * message to its next opening (judged again there) or, past the lateness, skips
		 * it; then the frequency cap, which moves it after the period (judged again
		 * there) or, past the lateness, skips it as capped. The cap starts from when each
		 * contact was last sent a message before now; a forecast starting later than now
		 * does not know what goes before its start.
		 * @return the judged messages due before {@code to}
		 */
		List<Item> judgeAll(List<Expected> expected, Duration cap, Instant now, Instant to) {
			Map<Long, Instant> lastSent = cap.isZero() ? new HashMap<>()
					: new HashMap<>(Forecasts.this.sendLog.lastSentAfter(this.partner.id(), now.minus(cap)));
			Map<Long, Set<Expected>> waiting = new HashMap<>();
			PriorityQueue<Expected> due = new PriorityQueue<>(CLAIM_ORDER);
			for (Expected e : expected) {
				due.add(e);
				waiting.computeIfAbsent(e.contact().id(), id -> new HashSet<>()).add(e);
			}
			List<Item> items = new ArrayList<>();
			while (!due.isEmpty() && due.peek().at().isBefore(to)) {
				Expected e = due.poll();
				Set<Expected> others = waiting.get(e.contact().id());
				others.remove(e);
				Instant at = e.at();
				Optional<SkipReason> skip = Forecasts.this.rules.reasonNotToSend(e.expiresAt(), e.contact(),
						this.partner, e.program(), at);
				if (skip.isEmpty()) {
					ZoneId zone = OccasionCalendar.zoneFor(e.contact().timeZone(), this.partner.timeZone().getId());
					Instant later = Forecasts.this.rules.windowOpening(at, zone, this.partner);
					SkipReason ifTooLate = SkipReason.TOO_LATE;
					if (later.equals(at) && !cap.isZero()) {
						later = SendRules.capOpening(cap, e.ranked(), at, lastSent.get(e.contact().id()),
								others.stream().map(Expected::ranked).toList());
						ifTooLate = SkipReason.CAPPED;
					}
					if (later.isAfter(e.expiresAt())) {
						skip = Optional.of(ifTooLate);
					}
					else if (!later.equals(at)) {
						Expected moved = e.at(later);
						due.add(moved);
						others.add(moved);
						continue;
					}
					else {
						lastSent.put(e.contact().id(), at);
					}
				}
				items.add(new Item(at, e.program(), e.contact(), e.occasion(), e.occasionDate(), e.outreachId(),
						skip.orElse(null)));
			}
			return items;
		}

	}

}
