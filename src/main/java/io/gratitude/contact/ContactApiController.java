package io.gratitude.contact;

import io.gratitude.InvalidField;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gratitude.partner.ApiCaller;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Contacts over the API: upsert, read, opt-out and opt-in. */
@RestController
class ContactApiController {

	private final ContactBook book;

	private final Contacts contacts;

	ContactApiController(ContactBook book, Contacts contacts) {
		this.book = book;
		this.contacts = contacts;
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
		List<SignificantDate> dates = null;
		if (body.significantDates() != null) {
			dates = new ArrayList<>();
			for (int i = 0; i < body.significantDates().size(); i++) {
				try {
					dates.add(body.significantDates().get(i).toDate());
				}
				catch (InvalidField ex) {
					throw ex.under("significantDates[" + i + "]");
				}
			}
		}
		ContactData data = new ContactData(externalRef, body.email(), body.firstName(), body.lastName(),
				body.relationship(), body.timeZone(), body.locale(), body.clientSince(), body.attributes(), dates);
		ContactBook.Upserted upserted = this.book.upsert(caller.partnerId(), data);
		return ResponseEntity.status(upserted.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(ContactView.of(upserted.contact()));
	}

	@GetMapping("/api/v1/contacts/{externalRef}")
	ContactView get(ApiCaller caller, @PathVariable String externalRef) {
		return this.contacts.findByRef(caller.partnerId(), externalRef)
			.map(ContactView::of)
			.orElseThrow(() -> new UnknownContact(externalRef, HttpStatus.NOT_FOUND));
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
