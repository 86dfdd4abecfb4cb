package io.gratitude.sendlog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.gratitude.dispatch.OutreachRendering;
import io.gratitude.outreach.Attempt;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.partner.ApiCaller;
import io.gratitude.system.CsvWriter;
import io.gratitude.system.InvalidField;
import io.gratitude.system.Page;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The send log over the API: every outreach of the partner with its status and attempts,
 * filtered, one by one with its rendered message, cancellable while it waits, exported as
 * CSV and counted.
 */
@RestController
public class OutreachApiController {

	private static final Logger log = LoggerFactory.getLogger(OutreachApiController.class);

	/** Rows read from the database at a time while exporting. */
	static final int EXPORT_CHUNK = 1000;

	private static final List<String> CSV_COLUMNS = List.of("id", "program", "contactRef", "occasion", "status",
			"reason", "dueAt", "sentAt", "messageId", "attempts", "lastReply");

	private final OutreachQueue queue;

	private final SendLog sendLog;

	private final OutreachRendering rendering;

	private final MeterRegistry meters;

	private final Clock clock;

	private final UsedLocales usedLocales;

	OutreachApiController(OutreachQueue queue, SendLog sendLog, OutreachRendering rendering, MeterRegistry meters,
			Clock clock, UsedLocales usedLocales) {
		this.usedLocales = usedLocales;
		this.queue = queue;
		this.sendLog = sendLog;
		this.rendering = rendering;
		this.meters = meters;
		this.clock = clock;
	}

	record OutreachView(long id, String program, String contactRef, String occasion, @Nullable LocalDate occasionDate,
			OutreachStatus status, @Nullable String reason, Instant dueAt, Instant expiresAt, @Nullable Instant sentAt,
			String messageId, @Nullable String lastReply, List<Attempt> attempts) {
	}

	/** One outreach with its message as rendered now, or the error that prevents it. */
	record OutreachDetail(long id, String program, String contactRef, String occasion, @Nullable LocalDate occasionDate,
			OutreachStatus status, @Nullable String reason, Instant dueAt, Instant expiresAt, @Nullable Instant sentAt,
			String messageId, @Nullable String lastReply, List<Attempt> attempts, @Nullable Rendered rendered,
			@Nullable String renderError, @Nullable String locale) {
	}

	record Rendered(String subject, String html, String text) {
	}

	record Stats(Instant from, Instant to, long total, Map<OutreachStatus, Long> byStatus,
			Map<String, Map<OutreachStatus, Long>> byProgram) {
	}

	@GetMapping("/api/v1/outreach")
	Page<OutreachView> list(ApiCaller caller, @RequestParam(required = false) @Nullable OutreachStatus status,
			@RequestParam(required = false) @Nullable String contactRef,
			@RequestParam(required = false) @Nullable String program,
			@RequestParam(required = false) @Nullable Instant dueFrom,
			@RequestParam(required = false) @Nullable Instant dueTo,
			@RequestParam(required = false) @Nullable Instant sentFrom,
			@RequestParam(required = false) @Nullable Instant sentTo, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		SendLog.Filter filter = filter(status, contactRef, program, dueFrom, dueTo, sentFrom, sentTo);
		List<OutreachView> items = this.sendLog.find(caller.partnerId(), filter, request)
			.stream()
			.map(this::view)
			.toList();
		return new Page<>(items, page, size, this.sendLog.count(caller.partnerId(), filter));
	}

	@GetMapping("/api/v1/outreach/{id}")
	OutreachDetail get(ApiCaller caller, @PathVariable long id) {
		SendLog.Listed listed = find(caller, id);
		Outreach o = listed.outreach();
		OutreachRendering.Preview preview = this.rendering.preview(o, this.clock.instant());
		Rendered rendered = (preview.message() != null)
				? new Rendered(preview.message().subject(), preview.message().html(), preview.message().text()) : null;
		return new OutreachDetail(o.id(), listed.programKey(), listed.contactRef(), o.occasion(), o.occasionDate(),
				o.status(), o.reason(), o.dueAt(), o.expiresAt(), o.sentAt(), o.messageId(), o.lastReply(),
				this.sendLog.attempts(o.id()), rendered, preview.error(),
				this.usedLocales.find(caller.partnerId(), o.id()).orElse(null));
	}

	@PostMapping("/api/v1/outreach/{id}/cancel")
	OutreachView cancel(ApiCaller caller, @PathVariable long id) {
		SendLog.Listed before = find(caller, id);
		if (!this.queue.cancelByPartner(caller.partnerId(), id, this.clock.instant())) {
			// Read again: the row may have moved since (claimed, sent) and the answer
			// says
			// where it is now.
			OutreachStatus now = find(caller, id).outreach().status();
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"Outreach " + id + " is " + now + "; only a SCHEDULED or RETRY outreach can be cancelled.");
			problem.setTitle("Outreach cannot be cancelled");
			problem.setProperty("outreachStatus", now.name());
			throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
		}
		this.meters
			.counter("gratitude.outreach.cancelled", "program", before.programKey(), "reason",
					OutreachQueue.CANCELLED_BY_PARTNER)
			.increment();
		log.info("outreach={} partner={} program={} occasion={} status=CANCELLED reason={}", id, caller.partnerId(),
				before.programKey(), before.outreach().occasion(), OutreachQueue.CANCELLED_BY_PARTNER);
		return view(find(caller, id));
	}

	/**
	 * The log as CSV (RFC 4180, cells a spreadsheet would run as formulas neutralised:
	 * see {@link CsvWriter}), oldest first by id, streamed chunk by chunk.
	 */
	@GetMapping("/api/v1/outreach.csv")
	void export(ApiCaller caller, @RequestParam(required = false) @Nullable OutreachStatus status,
			@RequestParam(required = false) @Nullable String contactRef,
			@RequestParam(required = false) @Nullable String program,
			@RequestParam(required = false) @Nullable Instant dueFrom,
			@RequestParam(required = false) @Nullable Instant dueTo,
			@RequestParam(required = false) @Nullable Instant sentFrom,
			@RequestParam(required = false) @Nullable Instant sentTo, HttpServletResponse response) throws IOException {
		writeCsv(this.sendLog, caller.partnerId(),
				filter(status, contactRef, program, dueFrom, dueTo, sentFrom, sentTo), response);
	}

	/**
	 * Streams the partner's log matching the filter as CSV: the API's export and the
	 * console's, one format.
	 */
	public static void writeCsv(SendLog sendLog, long partnerId, SendLog.Filter filter, HttpServletResponse response)
			throws IOException {
		response.setStatus(HttpStatus.OK.value());
		response.setContentType("text/csv; charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"outreach.csv\"");
		CsvWriter out = new CsvWriter(
				new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)));
		out.record(CSV_COLUMNS);
		long after = 0;
		List<SendLog.Exported> chunk;
		do {
			chunk = sendLog.exportChunk(partnerId, filter, after, EXPORT_CHUNK);
			for (SendLog.Exported row : chunk) {
				Outreach o = row.listed().outreach();
				// Ids and counts as numbers; everything a partner, a contact or a mail
				// server could have written as text (neutralised by CsvWriter).
				out.record(Arrays.asList(o.id(), row.listed().programKey(), row.listed().contactRef(), o.occasion(),
						o.status().name(), o.reason(), o.dueAt(), o.sentAt(), o.messageId(), row.attempts(),
						o.lastReply()));
				after = o.id();
			}
			out.flush();
		}
		while (chunk.size() == EXPORT_CHUNK);
	}

	@GetMapping("/api/v1/stats")
	Stats stats(ApiCaller caller, @RequestParam(required = false) @Nullable Instant from,
			@RequestParam(required = false) @Nullable Instant to) {
		if (from == null) {
			throw new InvalidField("from", "from is required (an ISO-8601 instant, e.g. 2027-03-01T00:00:00Z)");
		}
		if (to == null) {
			throw new InvalidField("to", "to is required (an ISO-8601 instant, e.g. 2027-04-01T00:00:00Z)");
		}
		if (!to.isAfter(from)) {
			throw new InvalidField("to", "to must be after from");
		}
		Map<OutreachStatus, Long> byStatus = zeros();
		Map<String, Map<OutreachStatus, Long>> byProgram = new TreeMap<>();
		long total = 0;
		for (SendLog.Counted counted : this.sendLog.countByProgramAndStatus(caller.partnerId(), from, to)) {
			byStatus.merge(counted.status(), counted.count(), Long::sum);
			byProgram.computeIfAbsent(counted.programKey(), key -> zeros())
				.merge(counted.status(), counted.count(), Long::sum);
			total += counted.count();
		}
		return new Stats(from, to, total, byStatus, byProgram);
	}

	private SendLog.Listed find(ApiCaller caller, long id) {
		return this.sendLog.findOne(caller.partnerId(), id).orElseThrow(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No outreach " + id + ".");
			problem.setTitle("Unknown outreach");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

	private OutreachView view(SendLog.Listed listed) {
		Outreach o = listed.outreach();
		return new OutreachView(o.id(), listed.programKey(), listed.contactRef(), o.occasion(), o.occasionDate(),
				o.status(), o.reason(), o.dueAt(), o.expiresAt(), o.sentAt(), o.messageId(), o.lastReply(),
				this.sendLog.attempts(o.id()));
	}

	private static SendLog.Filter filter(@Nullable OutreachStatus status, @Nullable String contactRef,
			@Nullable String program, @Nullable Instant dueFrom, @Nullable Instant dueTo, @Nullable Instant sentFrom,
			@Nullable Instant sentTo) {
		if (dueFrom != null && dueTo != null && dueTo.isBefore(dueFrom)) {
			throw new InvalidField("dueTo", "dueTo must not be before dueFrom");
		}
		if (sentFrom != null && sentTo != null && sentTo.isBefore(sentFrom)) {
			throw new InvalidField("sentTo", "sentTo must not be before sentFrom");
		}
		return new SendLog.Filter(status, blankToNull(contactRef), blankToNull(program), dueFrom, dueTo, sentFrom,
				sentTo);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static Map<OutreachStatus, Long> zeros() {
		Map<OutreachStatus, Long> counts = new LinkedHashMap<>();
		for (OutreachStatus status : OutreachStatus.values()) {
			counts.put(status, 0L);
		}
		return counts;
	}

}
