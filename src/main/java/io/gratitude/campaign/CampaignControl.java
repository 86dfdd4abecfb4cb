package io.gratitude.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.gratitude.audit.AuditLog;
import io.gratitude.outreach.LeasesRecovered;
import io.gratitude.outreach.NewOutreach;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.outreach.SkipReason;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Audience;
import io.gratitude.program.Program;
import io.gratitude.program.ProgramEditing;
import io.gratitude.program.Trigger;
import io.gratitude.system.InvalidField;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Creates, starts, pauses, resumes and cancels campaigns. Each state change locks the
 * campaign's row, so two requests never interleave.
 * <ul>
 * <li>Start writes one SCHEDULED outreach row per contact of the segment, with occasion
 * {@code campaign:<key>}, in JDBC batches of {@value #CHUNK} rows, one transaction each.
 * The (program, contact, occasion) key makes each row exist once, so a start interrupted
 * half-way and repeated writes only the missing rows.</li>
 * <li>Pause moves the waiting rows to HELD in one statement; rows being sent finish
 * normally (the dispatcher's claim is untouched), and any a batch in flight puts back to
 * wait are held after each recovery run ({@link #holdStragglers()}). The program stays
 * enabled: a disabled program's rows are cancelled at send time.</li>
 * <li>Resume makes HELD rows SCHEDULED again: rows not yet due keep their due time; rows
 * whose due time passed during the pause are moved later by the length of the pause,
 * keeping their pace.</li>
 * <li>Cancel cancels waiting and held rows ({@code campaign_cancelled}) and disables the
 * program, so that a row still being sent that the dispatcher puts back to wait is
 * cancelled when it falls due.</li>
 * </ul>
 * Sending goes through the dispatcher like any program's: opt-out, suppression, the send
 * window, the frequency cap and the rate limits all apply at send time.
 */
@Service
public class CampaignControl {

	private static final Logger log = LoggerFactory.getLogger(CampaignControl.class);

	static final int CHUNK = 1000;

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,54}");

	/** How late a campaign message may still go; later it is SKIPPED as too late. */
	static final Duration MAX_LATENESS = Duration.ofDays(3);

	private final Campaigns campaigns;

	private final OutreachQueue queue;

	private final ProgramEditing programs;

	private final Partners partners;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final AuditLog audit;

	CampaignControl(Campaigns campaigns, OutreachQueue queue, ProgramEditing programs, Partners partners,
			TransactionTemplate transactions, Clock clock, AuditLog audit) {
		this.campaigns = campaigns;
		this.queue = queue;
		this.programs = programs;
		this.partners = partners;
		this.transactions = transactions;
		this.clock = clock;
		this.audit = audit;
	}

	/** A campaign as requested; the segment and schedule are validated already. */
	public record NewCampaign(@Nullable String key, @Nullable String name, @Nullable String template,
			CampaignSegment segment, CampaignSchedule schedule) {
	}

	/**
	 * Creates a campaign (DRAFT) and its CAMPAIGN program.
	 * @throws InvalidField for a missing or malformed value
	 * @throws ErrorResponseException 409 when the key is taken, 422 for an unknown
	 * template
	 */
	@Transactional
	public Campaign create(long partnerId, NewCampaign request) {
		String key = required("key", request.key()).strip();
		if (!KEY.matcher(key).matches()) {
			throw new InvalidField("key",
					"key must be 1 to 55 lowercase letters, digits and hyphens, starting with a letter or digit");
		}
		String name = required("name", request.name()).strip();
		if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidField("name", "name must be 1 to 200 characters");
		}
		String template = required("template", request.template()).strip();
		if (template.isEmpty()) {
			throw new InvalidField("template", "template is required");
		}
		if (this.campaigns.exists(partnerId, key)) {
			throw problem(HttpStatus.CONFLICT, "Campaign exists", "A campaign with key '" + key + "' exists.");
		}
		Program program = this.programs.create(partnerId,
				new ProgramEditing.NewProgram("campaign-" + key, name, Trigger.CAMPAIGN, null, Audience.ANY, template,
						null, null, null, request.schedule().sendTime(), MAX_LATENESS, true));
		this.campaigns.insert(partnerId, key, program.id(), name, template, request.segment(), request.schedule(),
				this.clock.instant());
		this.audit.record(partnerId, "campaign.created", "campaign " + key);
		return require(partnerId, key);
	}

	/**
	 * @throws ErrorResponseException 404 when the partner has no such campaign
	 */
	public Campaign require(long partnerId, String key) {
		return this.campaigns.findByKey(partnerId, key)
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown campaign", "No campaign '" + key + "'."));
	}

	public List<String> templateKeys(long partnerId) {
		return this.campaigns.templateKeys(partnerId);
	}

	public List<Campaign> list(long partnerId) {
		return this.campaigns.findByPartner(partnerId);
	}

	public Campaign.Progress progress(Campaign campaign) {
		return this.campaigns.progress(campaign.partnerId(), campaign.programId());
	}

	public Map<Long, Campaign.Progress> progressByProgram(long partnerId) {
		return this.campaigns.progressByProgram(partnerId);
	}

	/** How many contacts the segment has now. */
	public long segmentSize(long partnerId, CampaignSegment segment) {
		Partner partner = this.partners.findById(partnerId).orElseThrow();
		return this.campaigns.countSegment(partnerId, segment, partner.timeZone(), this.clock.instant());
	}

	/**
	 * Starts the campaign: plans one message per contact of the segment. Idempotent: a
	 * start repeated after an interruption writes only the missing rows.
	 * @throws ErrorResponseException 409 unless the campaign is a draft or starting
	 */
	public Campaign start(long partnerId, String key) {
		return start(partnerId, key, CHUNK, Integer.MAX_VALUE);
	}

	/**
	 * Starts the campaign, writing at most {@code maxChunks} chunks of {@code chunkSize}
	 * rows (tests interrupt a start this way); the campaign is RUNNING once every row is
	 * written.
	 */
	public Campaign start(long partnerId, String key, int chunkSize, int maxChunks) {
		Campaign campaign = require(partnerId, key);
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult(status -> {
			transition(campaign, CampaignState.STARTING);
			this.campaigns.markStarting(campaign.id(), now);
			if (campaign.state() != CampaignState.STARTING) {
				this.audit.record(partnerId, "campaign.started", "campaign " + key);
			}
		});
		Partner partner = this.partners.findById(partnerId).orElseThrow();
		List<Campaigns.Target> segment = this.campaigns.segment(partnerId, campaign.segment(), partner.timeZone(), now);
		Set<Long> planned = this.campaigns.plannedContacts(partnerId, campaign.programId());
		List<NewOutreach> missing = new ArrayList<>();
		for (int i = 0; i < segment.size(); i++) {
			Campaigns.Target target = segment.get(i);
			if (!planned.contains(target.contactId())) {
				missing.add(outreach(campaign, partner, target, i, segment.size(), now));
			}
		}
		int chunks = 0;
		for (int from = 0; from < missing.size(); from += chunkSize) {
			if (chunks++ >= maxChunks) {
				return require(partnerId, key);
			}
			List<NewOutreach> chunk = missing.subList(from, Math.min(missing.size(), from + chunkSize));
			if (!writeChunk(campaign, chunk)) {
				// Cancelled meanwhile: nothing more is planned.
				return require(partnerId, key);
			}
		}
		this.transactions.executeWithoutResult(status -> {
			if (this.campaigns.lockState(partnerId, campaign.id()) == CampaignState.STARTING) {
				this.campaigns.markRunning(campaign.id(), segment.size(), this.clock.instant());
			}
		});
		log.info("campaign={} partner={} started: {} contacts, {} rows written", key, partnerId, segment.size(),
				missing.size());
		return require(partnerId, key);
	}

	/**
	 * Writes a chunk in one transaction while the campaign is still starting; a row that
	 * appeared meanwhile (a concurrent start) makes the chunk go row by row instead.
	 * @return false when the campaign is no longer starting
	 */
	private boolean writeChunk(Campaign campaign, List<NewOutreach> chunk) {
		try {
			return Boolean.TRUE.equals(this.transactions.execute(status -> {
				if (this.campaigns.lockState(campaign.partnerId(), campaign.id()) != CampaignState.STARTING) {
					return false;
				}
				this.queue.insertNew(chunk, this.clock.instant());
				return true;
			}));
		}
		catch (DuplicateKeyException ex) {
			return Boolean.TRUE.equals(this.transactions.execute(status -> {
				if (this.campaigns.lockState(campaign.partnerId(), campaign.id()) != CampaignState.STARTING) {
					return false;
				}
				for (NewOutreach row : chunk) {
					this.queue.planIfAbsent(row, this.clock.instant());
				}
				return true;
			}));
		}
	}

	private NewOutreach outreach(Campaign campaign, Partner partner, Campaigns.Target target, int index, int total,
			Instant now) {
		ZoneId zone = OccasionCalendar.zoneFor(target.timeZone(), partner.timeZone().getId());
		Instant due = campaign.schedule().dueAt(index, total, zone, partner.sendWindow(), now);
		return new NewOutreach(partner.id(), campaign.programId(), target.contactId(), campaign.occasion(),
				due.atZone(zone).toLocalDate(), null, OutreachStatus.SCHEDULED, null, due, due.plus(MAX_LATENESS),
				"<" + UUID.randomUUID() + "@" + partner.senderDomain() + ">");
	}

	/**
	 * Pauses a running campaign: its waiting rows become HELD.
	 * @throws ErrorResponseException 409 unless the campaign is running
	 */
	public Campaign pause(long partnerId, String key) {
		Campaign campaign = require(partnerId, key);
		this.transactions.executeWithoutResult(status -> {
			transition(campaign, CampaignState.PAUSED);
			Instant now = this.clock.instant();
			int held = this.queue.holdProgram(partnerId, campaign.programId(), now);
			this.campaigns.markState(campaign.id(), CampaignState.PAUSED, now, now);
			this.audit.record(partnerId, "campaign.paused", "campaign " + key);
			log.info("campaign={} partner={} paused: {} messages held", key, partnerId, held);
		});
		return require(partnerId, key);
	}

	/**
	 * Resumes a paused campaign: its held rows are SCHEDULED again (see the class comment
	 * for their due times).
	 * @throws ErrorResponseException 409 unless the campaign is paused
	 */
	public Campaign resume(long partnerId, String key) {
		Campaign campaign = require(partnerId, key);
		this.transactions.executeWithoutResult(status -> {
			transition(campaign, CampaignState.RUNNING);
			Instant now = this.clock.instant();
			Instant pausedAt = (campaign.pausedAt() != null) ? campaign.pausedAt() : now;
			long shift = Math.max(0, now.toEpochMilli() - pausedAt.toEpochMilli());
			int released = this.queue.releaseProgram(partnerId, campaign.programId(), shift, now);
			this.campaigns.markState(campaign.id(), CampaignState.RUNNING, null, now);
			this.audit.record(partnerId, "campaign.resumed", "campaign " + key);
			log.info("campaign={} partner={} resumed: {} messages scheduled again", key, partnerId, released);
		});
		return require(partnerId, key);
	}

	/**
	 * Cancels the campaign: nothing more is sent; what was sent stays in the log.
	 * @throws ErrorResponseException 409 when it is cancelled already
	 */
	public Campaign cancel(long partnerId, String key) {
		Campaign campaign = require(partnerId, key);
		this.transactions.executeWithoutResult(status -> {
			transition(campaign, CampaignState.CANCELLED);
			Instant now = this.clock.instant();
			int cancelled = this.queue.cancelProgram(partnerId, campaign.programId(), SkipReason.CAMPAIGN_CANCELLED,
					now);
			this.campaigns.markState(campaign.id(), CampaignState.CANCELLED, null, now);
			this.audit.record(partnerId, "campaign.cancelled", "campaign " + key);
			this.programs.change(partnerId, campaign.programKey(),
					new ProgramEditing.Change(null, null, null, null, null, null, null, null, false));
			log.info("campaign={} partner={} cancelled: {} messages cancelled", key, partnerId, cancelled);
		});
		return require(partnerId, key);
	}

	/**
	 * Holds what a batch in flight put back to wait for paused campaigns; after every
	 * recovery run, in its thread.
	 */
	@EventListener
	void onLeasesRecovered(LeasesRecovered ignored) {
		holdStragglers();
	}

	/**
	 * Holds what a batch in flight put back to wait for paused campaigns.
	 */
	public int holdStragglers() {
		return holdStragglers(this.campaigns.pausedPrograms());
	}

	/** As {@link #holdStragglers()}, for the programs read as paused a moment ago. */
	public int holdStragglers(List<Long> paused) {
		if (paused.isEmpty()) {
			return 0;
		}
		// Under the campaigns' row locks: a campaign resumed since the read above is left
		// alone (holding its rows again would leave them held for good).
		Integer held = this.transactions.execute((status) -> {
			List<Long> still = this.campaigns.lockStillPaused(paused);
			return still.isEmpty() ? 0 : this.queue.holdWaiting(still, this.clock.instant());
		});
		return (held != null) ? held : 0;
	}

	/** Checks the move under the campaign's row lock (the caller's transaction). */
	private void transition(Campaign campaign, CampaignState target) {
		CampaignState current = this.campaigns.lockState(campaign.partnerId(), campaign.id());
		if (!current.canBecome(target)) {
			throw problem(HttpStatus.CONFLICT, "Not possible now",
					"The campaign is " + current.name().toLowerCase(java.util.Locale.ROOT) + "; it cannot become "
							+ target.name().toLowerCase(java.util.Locale.ROOT) + ".");
		}
	}

	private static String required(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidField(field, field + " is required");
		}
		return value;
	}

	static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
