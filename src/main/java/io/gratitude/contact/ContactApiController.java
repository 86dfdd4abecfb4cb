package io.gratitude.contact;

import io.gratitude.system.InvalidField;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gratitude.system.Page;
import io.gratitude.partner.ApiCaller;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Contacts over the API: upsert, read, list, erase, significant dates one by one, bulk
 * writes (JSON batch and CSV import), opt-out and opt-in.
 */
@RestController
class ContactApiController {

	private final ContactBook book;

	private final Contacts contacts;

	private final ContactImport bulk;

	private final RelationshipHistory history;

	ContactApiController(ContactBook book, Contacts contacts, ContactImport bulk, RelationshipHistory history) {
		this.book = book;
		this.contacts = contacts;
		this.bulk = bulk;
		this.history = history;
	}

	record DateBody(@Nullable DateKind kind, @Nullable Integer month, @Nullable Integer day, @Nullable Integer year,
			@Nullable String label) {

		SignificantDate toDate() {
			if (this.kind == null || this.month == null || this.day == null) {
				String missing = (this.kind == null) ? "kind" : (this.month == null) ? "month" : "day";
				throw new InvalidField(missing, "each significant date needs kind, month and day");
			}
			return new SignificantDate(this.kind, this.month, this.day, this.year, this.label);
		}

	}

	record ContactBody(@Nullable String email, @Nullable String firstName, @Nullable String lastName,
			@Nullable Relationship relationship, @Nullable String timeZone, @Nullable String locale,
			@Nullable LocalDate clientSince, @Nullable Map<String, String> attributes,
			@Nullable List<DateBody> significantDates) {
	}

	record ContactView(String externalRef, @Nullable String email, @Nullable String firstName,
			@Nullable String lastName, Relationship relationship, @Nullable String timeZone, @Nullable String locale,
			@Nullable LocalDate clientSince, Map<String, String> attributes, boolean optedOut, boolean erased,
			List<SignificantDate> significantDates) {

		static ContactView of(Contact c) {
			return new ContactView(c.externalRef(), c.email(), c.firstName(), c.lastName(), c.relationship(),
					c.timeZone(), c.locale(), c.clientSince(), c.attributes(), c.optedOut(), c.erased(), c.dates());
		}

	}

	@PutMapping("/api/v1/contacts/{externalRef}")
	ResponseEntity<ContactView> upsert(ApiCaller caller, @PathVariable String externalRef,
			@RequestBody ContactBody body) {
		ContactData data = toData(externalRef, body.email(), body.firstName(), body.lastName(), body.relationship(),
				body.timeZone(), body.locale(), body.clientSince(), body.attributes(), body.significantDates());
		ContactBook.Upserted upserted = this.book.upsert(caller.partnerId(), data);
		return ResponseEntity.status(upserted.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(ContactView.of(upserted.contact()));
	}

	/**
	 * A contact body as the API takes it (one PUT, or one element of a batch), validated.
	 */
	static ContactData toData(@Nullable String externalRef, @Nullable String email, @Nullable String firstName,
			@Nullable String lastName, @Nullable Relationship relationship, @Nullable String timeZone,
			@Nullable String locale, @Nullable LocalDate clientSince, @Nullable Map<String, String> attributes,
			@Nullable List<DateBody> significantDates) {
		List<SignificantDate> dates = null;
		if (significantDates != null) {
			dates = new ArrayList<>();
			for (int i = 0; i < significantDates.size(); i++) {
				try {
					if (significantDates.get(i) == null) {
						throw new InvalidField("kind", "each significant date needs kind, month and day");
					}
					dates.add(significantDates.get(i).toDate());
				}
				catch (InvalidField ex) {
					throw ex.under("significantDates[" + i + "]");
				}
			}
		}
		return new ContactData(externalRef, email, firstName, lastName, relationship, timeZone, locale, clientSince,
				attributes, dates);
	}

	/**
	 * The partner's contacts, ordered by externalRef: by relationship, by text in the
	 * names, the email or the reference (case-insensitive), by opt-out. Erased contacts
	 * are listed only with {@code erased=true}, and then only they.
	 */
	@GetMapping("/api/v1/contacts")
	Page<ContactView> list(ApiCaller caller, @RequestParam(required = false) @Nullable Relationship relationship,
			@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable Boolean optedOut,
			@RequestParam(defaultValue = "false") boolean erased, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		String text = (q != null && !q.isBlank()) ? q.strip() : null;
		if (text != null && text.length() > 100) {
			throw new InvalidField("q", "q is longer than 100 characters");
		}
		Contacts.Filter filter = new Contacts.Filter(relationship, text, optedOut, erased);
		List<ContactView> items = this.contacts.find(caller.partnerId(), filter, request)
			.stream()
			.map(ContactView::of)
			.toList();
		return new Page<>(items, page, size, this.contacts.count(caller.partnerId(), filter));
	}

	/**
	 * Erases the contact (GDPR): 204, also when it was erased before; 404 for a reference
	 * the partner never had.
	 */
	@DeleteMapping("/api/v1/contacts/{externalRef}")
	ResponseEntity<Void> erase(ApiCaller caller, @PathVariable String externalRef) {
		this.book.erase(caller.partnerId(), externalRef);
		return ResponseEntity.noContent().build();
	}

	/** A significant date's day, its kind and label being in the path. */
	record DayBody(@Nullable Integer month, @Nullable Integer day, @Nullable Integer year) {
	}

	@PutMapping({ "/api/v1/contacts/{externalRef}/dates/{kind}",
			"/api/v1/contacts/{externalRef}/dates/{kind}/{label}" })
	ResponseEntity<SignificantDate> putDate(ApiCaller caller, @PathVariable String externalRef,
			@PathVariable String kind, @PathVariable(required = false) @Nullable String label,
			@RequestBody DayBody body) {
		DateKind dateKind = dateKind(kind, label);
		if (body.month() == null || body.day() == null) {
			String missing = (body.month() == null) ? "month" : "day";
			throw new InvalidField(missing, "a significant date needs month and day");
		}
		SignificantDate date = new SignificantDate(dateKind, body.month(), body.day(), body.year(), label);
		if (this.book.putDate(caller.partnerId(), externalRef, date)) {
			URI location = UriComponentsBuilder.fromPath("/api/v1/contacts/{ref}/dates/{kind}")
				.path(date.label().isEmpty() ? "" : "/{label}")
				.buildAndExpand(externalRef, dateKind.name(), date.label())
				.encode()
				.toUri();
			return ResponseEntity.created(location).body(date);
		}
		return ResponseEntity.ok(date);
	}

	@DeleteMapping({ "/api/v1/contacts/{externalRef}/dates/{kind}",
			"/api/v1/contacts/{externalRef}/dates/{kind}/{label}" })
	ResponseEntity<Void> deleteDate(ApiCaller caller, @PathVariable String externalRef, @PathVariable String kind,
			@PathVariable(required = false) @Nullable String label) {
		DateKind dateKind = dateKind(kind, label);
		if (!this.book.removeDate(caller.partnerId(), externalRef, dateKind, (label != null) ? label.strip() : "")) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Contact '" + externalRef
					+ "' has no " + dateKind + " date" + ((label != null) ? " labelled '" + label + "'" : "") + ".");
			problem.setTitle("Unknown significant date");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * BIRTHDAY, CLIENT_ANNIVERSARY (any case, - for _) or CUSTOM, which alone has a
	 * label.
	 */
	private static DateKind dateKind(String kind, @Nullable String label) {
		DateKind dateKind;
		try {
			dateKind = DateKind.valueOf(kind.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidField("kind", "kind '" + kind + "' is not BIRTHDAY, CLIENT_ANNIVERSARY or CUSTOM");
		}
		if (dateKind == DateKind.CUSTOM && (label == null || label.isBlank())) {
			throw new InvalidField("label", "a CUSTOM date needs a label in the path: /dates/CUSTOM/{label}");
		}
		if (dateKind != DateKind.CUSTOM && label != null) {
			throw new InvalidField("label", "only CUSTOM dates have a label; use /dates/" + dateKind);
		}
		return dateKind;
	}

	/**
	 * Creates or replaces up to 10,000 contacts from a JSON array of contact bodies, each
	 * with its {@code externalRef}; row N is element N-1.
	 */
	@PostMapping(path = "/api/v1/contacts:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ContactImport.Outcome batch(ApiCaller caller, @RequestBody JsonNode body) {
		return this.bulk.applyBatch(caller.partnerId(), body);
	}

	/**
	 * Creates or replaces up to 10,000 contacts from a UTF-8 CSV file with a header row;
	 * row N is the N-th record after the header.
	 */
	@PostMapping(path = "/api/v1/contacts:import", consumes = "text/csv")
	ContactImport.Outcome importCsv(ApiCaller caller, @RequestBody byte[] body) {
		return this.bulk.applyCsv(caller.partnerId(), body);
	}

	@GetMapping("/api/v1/contacts/{externalRef}")
	ContactView get(ApiCaller caller, @PathVariable String externalRef) {
		return this.contacts.findByRef(caller.partnerId(), externalRef)
			.map(ContactView::of)
			.orElseThrow(() -> new UnknownContact(externalRef, HttpStatus.NOT_FOUND));
	}

	/** A contact's relationship history, latest first, and whether it is at risk now. */
	record HistoryView(String externalRef, Relationship relationship, boolean atRisk, List<RelationshipChange> items) {
	}

	/**
	 * The contact's relationship history, latest first (at most
	 * {@value RelationshipHistory#LIMIT} entries): each change of relationship and each
	 * at-risk episode, with when, why and who.
	 */
	@GetMapping("/api/v1/contacts/{externalRef}/history")
	HistoryView history(ApiCaller caller, @PathVariable String externalRef) {
		Contact contact = this.contacts.findByRef(caller.partnerId(), externalRef)
			.orElseThrow(() -> new UnknownContact(externalRef, HttpStatus.NOT_FOUND));
		return new HistoryView(contact.externalRef(), contact.relationship(),
				this.history.isAtRisk(caller.partnerId(), contact.id()),
				this.history.findByContact(caller.partnerId(), contact.id()));
	}

	@PostMapping("/api/v1/contacts/{externalRef}/opt-out")
	ContactView optOut(ApiCaller caller, @PathVariable String externalRef) {
		return ContactView.of(this.book.optOut(caller.partnerId(), externalRef));
	}

	@PostMapping("/api/v1/contacts/{externalRef}/opt-in")
	ContactView optIn(ApiCaller caller, @PathVariable String externalRef) {
		return ContactView.of(this.book.optIn(caller.partnerId(), externalRef));
	}

}
