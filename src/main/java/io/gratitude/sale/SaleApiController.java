package io.gratitude.sale;

import java.math.BigDecimal;
import java.time.Instant;

import io.gratitude.partner.ApiCaller;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sales over the API. */
@RestController
class SaleApiController {

	private final SaleRecording recording;

	SaleApiController(SaleRecording recording) {
		this.recording = recording;
	}

	record SaleBody(@Nullable String externalRef, @Nullable String contactRef, @Nullable BigDecimal amount,
			@Nullable String currency, @Nullable Instant occurredAt, @Nullable String description) {
	}

	record SaleView(String externalRef, String contactRef, BigDecimal amount, String currency, Instant occurredAt,
			@Nullable String description) {
	}

	@PostMapping("/api/v1/sales")
	ResponseEntity<SaleView> record(ApiCaller caller, @RequestBody SaleBody body) {
		NewSale sale = new NewSale(body.externalRef(), body.contactRef(), body.amount(), body.currency(),
				body.occurredAt(), body.description());
		SaleRecording.Recorded recorded;
		try {
			recorded = this.recording.recordSale(caller.partnerId(), sale);
		}
		catch (DuplicateKeyException ex) {
			// The same reference raced in from another request: answer as a replay of the
			// winner.
			recorded = this.recording.replay(caller.partnerId(), sale).orElseThrow(() -> ex);
		}
		SaleView view = new SaleView(recorded.sale().externalRef(), sale.contactRef(), recorded.sale().amount(),
				recorded.sale().currency(), recorded.sale().occurredAt(), recorded.sale().description());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Idempotent-Replayed", Boolean.toString(recorded.replayed()))
			.body(view);
	}

}
