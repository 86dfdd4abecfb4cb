package io.gratitude.sale;

import java.time.Clock;
import java.util.Optional;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.UnknownContact;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Records sales idempotently on the partner's external reference, as Stripe does with
 * idempotency keys: the same sale again answers what the first answered; a different sale
 * under a known reference is a conflict. The post-sale outreach is planned in the same
 * transaction.
 */
@Service
public class SaleRecording {

	private final Sales sales;

	private final Contacts contacts;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SaleRecording(Sales sales, Contacts contacts, ApplicationEventPublisher events, Clock clock) {
		this.sales = sales;
		this.contacts = contacts;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A recorded sale; {@code replayed} when it had been recorded before with the same
	 * data.
	 */
	public record Recorded(Sale sale, boolean replayed) {
	}

	/**
	 * Records the sale and plans its thank-you, or replays the first recording of the
	 * same sale.
	 * @throws UnknownContact (422) when the contact does not exist
	 * @throws ErrorResponseException (409) when the reference is known with different
	 * data
	 */
	@Transactional
	public Recorded recordSale(long partnerId, NewSale sale) {
		Optional<Recorded> replay = replay(partnerId, sale);
		if (replay.isPresent()) {
			return replay.get();
		}
		Contact contact = this.contacts.findByRef(partnerId, sale.contactRef())
			.orElseThrow(() -> new UnknownContact(sale.contactRef(), HttpStatus.UNPROCESSABLE_CONTENT));
		long id = this.sales.insert(partnerId, contact.id(), sale, this.clock.instant());
		this.events.publishEvent(new SaleRecorded(partnerId, id, contact.id()));
		return new Recorded(this.sales.findById(partnerId, id).orElseThrow(), false);
	}

	/** The stored answer for a sale already recorded under this reference, if any. */
	@Transactional(readOnly = true)
	public Optional<Recorded> replay(long partnerId, NewSale sale) {
		return this.sales.findByRef(partnerId, sale.externalRef()).map(stored -> {
			if (!stored.fingerprint().equals(sale.fingerprint())) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Sale '"
						+ sale.externalRef() + "' was already recorded with different data; a sale cannot be changed.");
				problem.setTitle("Sale already recorded");
				throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
			}
			return new Recorded(stored.sale(), true);
		});
	}

}
