package io.gratitude.campaign;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import io.gratitude.contact.Relationship;
import io.gratitude.partner.ApiCaller;
import io.gratitude.system.InvalidField;
import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's appreciation campaigns over the API: create one (a template, a segment and
 * a schedule), read its progress, and start, pause, resume or cancel it.
 */
@RestController
class CampaignApiController {

	private final CampaignControl campaigns;

	CampaignApiController(CampaignControl campaigns) {
		this.campaigns = campaigns;
	}

	/** Who a campaign goes to; {@code optedIn} may only be true (it always is). */
	record SegmentBody(@Nullable Relationship relationship, @Nullable Integer minTenureMonths,
			@Nullable BigDecimal minLifetimeSpend, @Nullable String currency, @Nullable LocalDate lastPurchaseBefore,
			@Nullable LocalDate lastPurchaseAfter, @Nullable Boolean optedIn) {

		CampaignSegment toSegment() {
			if (Boolean.FALSE.equals(this.optedIn)) {
				throw new InvalidField("segment.optedIn", "campaigns go to opted-in contacts only: optedIn is true");
			}
			return new CampaignSegment(this.relationship, this.minTenureMonths, this.minLifetimeSpend, this.currency,
					this.lastPurchaseBefore, this.lastPurchaseAfter);
		}

		static SegmentBody of(CampaignSegment s) {
			return new SegmentBody(s.relationship(), s.minTenureMonths(),
					(s.minLifetimeSpend() != null) ? s.minLifetimeSpend().stripTrailingZeros() : null, s.currency(),
					s.lastPurchaseBefore(), s.lastPurchaseAfter(), true);
		}

	}

	/**
	 * When: {@code localDate} and {@code localTime} in each contact's zone, or
	 * {@code start} and {@code spreadDays}.
	 */
	record ScheduleBody(@Nullable LocalDate localDate, @JsonFormat(pattern = "HH:mm") @Nullable LocalTime localTime,
			@Nullable LocalDate start, @Nullable Integer spreadDays) {

		CampaignSchedule toSchedule() {
			return new CampaignSchedule(this.localDate, this.localTime, this.start, this.spreadDays);
		}

		static ScheduleBody of(CampaignSchedule s) {
			return new ScheduleBody(s.sendDate(), s.sendTime(), s.spreadStart(), s.spreadDays());
		}

	}

	record CampaignBody(@Nullable String key, @Nullable String name, @Nullable String template,
			@Nullable SegmentBody segment, @Nullable ScheduleBody schedule) {

		CampaignControl.NewCampaign toNewCampaign() {
			if (this.schedule == null) {
				throw new InvalidField("schedule", "schedule is required");
			}
			return new CampaignControl.NewCampaign(this.key, this.name, this.template,
					(this.segment != null) ? this.segment.toSegment() : CampaignSegment.EVERYONE,
					this.schedule.toSchedule());
		}

	}

	record ProgressView(long planned, long held, long sent, long failed, long skipped, long cancelled, long total) {

		static ProgressView of(Campaign.Progress p) {
			return new ProgressView(p.planned(), p.held(), p.sent(), p.failed(), p.skipped(), p.cancelled(), p.total());
		}

	}

	record CampaignView(String key, String name, String template, String program, CampaignState state,
			SegmentBody segment, ScheduleBody schedule, @Nullable Long segmentSize, Instant createdAt,
			@Nullable Instant startedAt, @Nullable Instant pausedAt, ProgressView progress) {

		static CampaignView of(Campaign c, Campaign.Progress progress, @Nullable Long segmentSize) {
			return new CampaignView(c.key(), c.name(), c.templateKey(), c.programKey(), c.state(),
					SegmentBody.of(c.segment()), ScheduleBody.of(c.schedule()), segmentSize, c.createdAt(),
					c.startedAt(), c.pausedAt(), ProgressView.of(progress));
		}

	}

	@PostMapping("/api/v1/campaigns")
	ResponseEntity<CampaignView> create(ApiCaller caller, @RequestBody CampaignBody body) {
		Campaign created = this.campaigns.create(caller.partnerId(), body.toNewCampaign());
		return ResponseEntity.created(URI.create("/api/v1/campaigns/" + created.key())).body(view(created));
	}

	@GetMapping("/api/v1/campaigns")
	Map<String, List<CampaignView>> list(ApiCaller caller) {
		Map<Long, Campaign.Progress> progress = this.campaigns.progressByProgram(caller.partnerId());
		return Map.of("items",
				this.campaigns.list(caller.partnerId())
					.stream()
					.map(c -> CampaignView.of(c,
							progress.getOrDefault(c.programId(), new Campaign.Progress(0, 0, 0, 0, 0, 0)), sizeOf(c)))
					.toList());
	}

	@GetMapping("/api/v1/campaigns/{key}")
	CampaignView get(ApiCaller caller, @PathVariable String key) {
		return view(this.campaigns.require(caller.partnerId(), key));
	}

	@PostMapping("/api/v1/campaigns/{key}/start")
	CampaignView start(ApiCaller caller, @PathVariable String key) {
		return view(this.campaigns.start(caller.partnerId(), key));
	}

	@PostMapping("/api/v1/campaigns/{key}/pause")
	CampaignView pause(ApiCaller caller, @PathVariable String key) {
		return view(this.campaigns.pause(caller.partnerId(), key));
	}

	@PostMapping("/api/v1/campaigns/{key}/resume")
	CampaignView resume(ApiCaller caller, @PathVariable String key) {
		return view(this.campaigns.resume(caller.partnerId(), key));
	}

	@PostMapping("/api/v1/campaigns/{key}/cancel")
	CampaignView cancel(ApiCaller caller, @PathVariable String key) {
		return view(this.campaigns.cancel(caller.partnerId(), key));
	}

	/**
	 * The campaign with its progress; a draft with the segment's size now, a started one
	 * with the size it was started with.
	 */
	private CampaignView view(Campaign c) {
		Long size = (c.state() == CampaignState.DRAFT)
				? Long.valueOf(this.campaigns.segmentSize(c.partnerId(), c.segment())) : sizeOf(c);
		return CampaignView.of(c, this.campaigns.progress(c), size);
	}

	private static @Nullable Long sizeOf(Campaign c) {
		return (c.segmentSize() != null) ? Long.valueOf(c.segmentSize()) : null;
	}

}
