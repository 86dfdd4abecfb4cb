package io.gratitude.sale;

import io.gratitude.system.InvalidField;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.gratitude.system.Page;
import io.gratitude.partner.ApiCaller;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Sales over the API: record one or a batch, list and read them. */
@RestController
class SaleApiController {

	/** Most rows one batch may hold. */
	static final int MAX_BATCH = 10_000;

	private final SaleRecording recording;

	private final Sales sales;

	private final JsonMapper json;

	SaleApiController(SaleRecording recording, Sales sales, JsonMapper json) {
		this.recording = recording;
		this.sales = sales;
		this.json = json;
	}

	record SaleBody(@Nullable String externalRef, @Nullable String contactRef, @Nullable BigDecimal amount,
			@Nullable String currency, @Nullable Instant occurredAt, @Nullable String description) {
	}

	record SaleView(String externalRef, String contactRef, BigDecimal amount, String currency, Instant occurredAt,
			@Nullable String description) {

		static SaleView of(Sale sale, String contactRef) {
			return new SaleView(sale.externalRef(), contactRef, sale.amount(), sale.currency(), sale.occurredAt(),
					sale.description());
		}

	}

	/**
	 * A refused row of a batch.
	 *
	 * @param row the row's number: row N is the array's element N-1
	 * @param field the field at fault, when one is
	 */
	record RejectedRow(int row, @Nullable String externalRef, @Nullable String field, String reason) {
	}

	record BatchResult(int created, int replayed, List<RejectedRow> rejected) {
	}

	@PostMapping("/api/v1/sales")
	ResponseEntity<SaleView> record(ApiCaller caller, @RequestBody SaleBody body) {
		NewSale sale = toSale(body);
		SaleRecording.Recorded recorded = record(caller.partnerId(), sale);
		return ResponseEntity.created(location(recorded.sale().externalRef()))
			.header("Idempotent-Replayed", Boolean.toString(recorded.replayed()))
			.body(SaleView.of(recorded.sale(), sale.contactRef()));
	}

	/**
	 * Records up to {@link #MAX_BATCH} sales, each whole or not at all and idempotent as
	 * a single one: a sale already recorded with the same data counts as replayed,
	 * anything refused is reported by row. The rows are read and checked first, then
	 * recorded together (see {@link SaleRecording#recordSales}). The body is read as a
	 * tree of exact decimals so that an amount means what it does in a single POST.
	 */
	@PostMapping(path = "/api/v1/sales:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	BatchResult batch(ApiCaller caller,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(array = @ArraySchema(schema = @Schema(implementation = SaleBody.class),
							maxItems = MAX_BATCH))) @RequestBody String body) {
		List<JsonNode> rows = rows(body);
		List<NewSale> sales = new ArrayList<>(rows.size());
		List<Integer> saleRows = new ArrayList<>(rows.size());
		RejectedRow[] rejectedByRow = new RejectedRow[rows.size()];
		String[] refs = new String[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			JsonNode row = rows.get(i);
			String ref = row.path("externalRef").isString() ? row.path("externalRef").asString() : null;
			refs[i] = ref;
			if (!row.isObject()) {
				rejectedByRow[i] = new RejectedRow(i + 1, null, null, "a row must be a sale object");
				continue;
			}
			try {
				sales.add(toSale(this.json.treeToValue(row, SaleBody.class)));
				saleRows.add(i);
			}
			catch (InvalidField ex) {
				rejectedByRow[i] = new RejectedRow(i + 1, ref, ex.field(), ex.getMessage());
			}
			catch (UnrecognizedPropertyException ex) {
				InvalidField unknown = InvalidField.unknownProperty(ex);
				rejectedByRow[i] = new RejectedRow(i + 1, ref, unknown.field(), unknown.getMessage());
			}
			catch (JacksonException ex) {
				String path = InvalidField.jsonPath(ex);
				rejectedByRow[i] = new RejectedRow(i + 1, ref, path.isEmpty() ? null : path,
						"Field '" + path + "' has a wrong value or type: " + ex.getOriginalMessage());
			}
		}
		List<SaleRecording.Outcome> outcomes = this.recording.recordSales(caller.partnerId(), sales);
		int created = 0;
		int replayed = 0;
		for (int i = 0; i < outcomes.size(); i++) {
			SaleRecording.Outcome outcome = outcomes.get(i);
			SaleRecording.Recorded recorded = outcome.recorded();
			if (recorded != null) {
				created += recorded.replayed() ? 0 : 1;
				replayed += recorded.replayed() ? 1 : 0;
			}
			else if (outcome.refusal() != null) {
				int row = saleRows.get(i);
				rejectedByRow[row] = rejected(row + 1, refs[row], outcome.refusal());
			}
		}
		List<RejectedRow> rejected = new ArrayList<>();
		for (RejectedRow row : rejectedByRow) {
			if (row != null) {
				rejected.add(row);
			}
		}
		return new BatchResult(created, replayed, rejected);
	}

	/** A row refused by the recording: 409 blames the reference, 422 the contact. */
	private static RejectedRow rejected(int row, @Nullable String ref, ErrorResponseException ex) {
		String field = (ex.getStatusCode().value() == HttpStatus.CONFLICT.value()) ? "externalRef"
				: (ex.getStatusCode().value() == HttpStatus.UNPROCESSABLE_CONTENT.value()) ? "contactRef" : null;
		String detail = ex.getBody().getDetail();
		return new RejectedRow(row, ref, field, (detail != null) ? detail : ex.getMessage());
	}

	@GetMapping("/api/v1/sales")
	Page<SaleView> list(ApiCaller caller, @RequestParam(required = false) @Nullable String contactRef,
			@RequestParam(required = false) @Nullable Instant from,
			@RequestParam(required = false) @Nullable Instant to, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		if (from != null && to != null && to.isBefore(from)) {
			throw new InvalidField("to", "to must not be before from");
		}
		String contact = (contactRef == null || contactRef.isBlank()) ? null : contactRef;
		List<SaleView> items = this.sales.find(caller.partnerId(), contact, from, to, request)
			.stream()
			.map(listed -> SaleView.of(listed.sale(), listed.contactRef()))
			.toList();
		return new Page<>(items, page, size, this.sales.count(caller.partnerId(), contact, from, to));
	}

	@GetMapping("/api/v1/sales/{externalRef}")
	SaleView get(ApiCaller caller, @PathVariable String externalRef) {
		return this.sales.findListed(caller.partnerId(), externalRef)
			.map(listed -> SaleView.of(listed.sale(), listed.contactRef()))
			.orElseThrow(() -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
						"No sale with externalRef '" + externalRef + "'.");
				problem.setTitle("Unknown sale");
				return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
			});
	}

	private SaleRecording.Recorded record(long partnerId, NewSale sale) {
		try {
			return this.recording.recordSale(partnerId, sale);
		}
		catch (DuplicateKeyException ex) {
			// The same reference raced in from another request: answer as a replay of the
			// winner.
			return this.recording.replay(partnerId, sale).orElseThrow(() -> ex);
		}
	}

	private static NewSale toSale(SaleBody body) {
		return new NewSale(body.externalRef(), body.contactRef(), body.amount(), body.currency(), body.occurredAt(),
				body.description());
	}

	private List<JsonNode> rows(String body) {
		JsonNode tree;
		try {
			tree = this.json.readerFor(JsonNode.class)
				.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
				.without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
				.readTree(body);
		}
		catch (JacksonException ex) {
			// A repeated key is named by its path ([2].amount); broken JSON is the
			// body's.
			String path = InvalidField.jsonPath(ex);
			throw new InvalidField(path.isEmpty() ? "body" : path,
					"The request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (tree == null || !tree.isArray()) {
			throw new InvalidField("body", "The request body must be a JSON array of sales.");
		}
		if (tree.size() > MAX_BATCH) {
			throw new InvalidField("body", "at most " + MAX_BATCH + " sales per batch, got " + tree.size());
		}
		List<JsonNode> rows = new ArrayList<>(tree.size());
		tree.forEach(rows::add);
		return rows;
	}

	private static URI location(String externalRef) {
		return UriComponentsBuilder.fromPath("/api/v1/sales/{externalRef}")
			.buildAndExpand(externalRef)
			.encode()
			.toUri();
	}

}
