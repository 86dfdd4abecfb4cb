package io.gratitude.sale;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gratitude.contact.UnknownContact;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Records sales idempotently on the partner's external reference, as Stripe does with
 * idempotency keys: the same sale again answers what the first answered; a different sale
 * under a known reference is a conflict. The post-sale outreach is planned in the same
 * transaction, by the listeners of {@link SalesRecorded}.
 * <p>
 * One sale or a thousand cost about the same few statements: the references and the
 * contacts are looked up with one query each, the new sales inserted with one JDBC batch
 * and handed to the listeners as a set. A batch commits once per {@value #CHUNK} rows,
 * not once per row: on MySQL every commit is a disk flush.
 */
@Service
public class SaleRecording {

	/** Most rows of a batch recorded in one transaction. */
	static final int CHUNK = 1000;

	private final Sales sales;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SaleRecording(Sales sales, ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.sales = sales;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * A recorded sale; {@code replayed} when it had been recorded before with the same
	 * data.
	 */
	public record Recorded(Sale sale, boolean replayed) {
	}

	/**
	 * What became of one sale of a batch: recorded (new or replayed), or refused as
	 * {@link #recordSale} would have refused it alone (409 for a different sale under a
	 * known reference, 422 for an unknown contact).
	 */
	public record Outcome(@Nullable Recorded recorded, @Nullable ErrorResponseException refusal) {

		public Outcome {
			if ((recorded == null) == (refusal == null)) {
				throw new IllegalArgumentException("an outcome is recorded or refused");
			}
		}

		static Outcome of(Recorded recorded) {
			return new Outcome(recorded, null);
		}

		static Outcome refused(ErrorResponseException refusal) {
			return new Outcome(null, refusal);
		}

	}

	/**
	 * Records the sale and plans its thank-you, or replays the first recording of the
	 * same sale.
	 * @throws UnknownContact (422) when the contact does not exist
	 * @throws ErrorResponseException (409) when the reference is known with different
	 * data
	 * @throws DuplicateKeyException when a concurrent request recorded the same reference
	 * at this moment (see {@link #replay})
	 */
	@Transactional
	public Recorded recordSale(long partnerId, NewSale sale) {
		Outcome outcome = record(partnerId, List.of(sale)).get(0);
		if (outcome.refusal() != null) {
			throw outcome.refusal();
		}
		return outcome.recorded();
	}

	/**
	 * Records the sales as {@link #recordSale} records each one, in their order: a
	 * reference met earlier in the list is replayed (or refused, with different data)
	 * like one recorded before. Each sale is recorded whole or not at all, and a refused
	 * one leaves nothing; the others are recorded, in transactions of up to
	 * {@value #CHUNK} sales. Should a concurrent request record one of a chunk's
	 * references meanwhile, that chunk is recorded again one sale per transaction, the
	 * raced sale being replayed or refused.
	 * @return each sale's outcome, in the order of {@code sales}
	 */
	public List<Outcome> recordSales(long partnerId, List<NewSale> sales) {
		List<Outcome> outcomes = new ArrayList<>(sales.size());
		for (int from = 0; from < sales.size(); from += CHUNK) {
			List<NewSale> chunk = sales.subList(from, Math.min(from + CHUNK, sales.size()));
			try {
				outcomes.addAll(inTransaction(partnerId, chunk));
			}
			catch (DuplicateKeyException ex) {
				for (NewSale sale : chunk) {
					outcomes.add(recordAlone(partnerId, sale));
				}
			}
		}
		return outcomes;
	}

	/** The stored answer for a sale already recorded under this reference, if any. */
	@Transactional(readOnly = true)
	public Optional<Recorded> replay(long partnerId, NewSale sale) {
		return this.sales.findByRef(partnerId, sale.externalRef()).map(stored -> {
			Outcome outcome = answer(stored.sale(), stored.fingerprint(), sale);
			if (outcome.refusal() != null) {
				throw outcome.refusal();
			}
			return outcome.recorded();
		});
	}

	private List<Outcome> inTransaction(long partnerId, List<NewSale> sales) {
		List<Outcome> outcomes = this.transactions.execute((status) -> record(partnerId, sales));
		if (outcomes == null) {
			throw new IllegalStateException("the transaction returned nothing");
		}
		return outcomes;
	}

	private Outcome recordAlone(long partnerId, NewSale sale) {
		try {
			return inTransaction(partnerId, List.of(sale)).get(0);
		}
		catch (DuplicateKeyException ex) {
			return this.sales.findByRef(partnerId, sale.externalRef())
				.map(stored -> answer(stored.sale(), stored.fingerprint(), sale))
				.orElseGet(() -> Outcome.refused(problem(HttpStatus.CONFLICT, "Sale being recorded",
						"A concurrent request recorded the same sale at this moment; send the row again.")));
		}
	}

	/**
	 * Records the sales in the caller's transaction. The new ones are inserted and
	 * published in runs of sales of distinct contacts, so that the listeners may handle
	 * each run as a set and still see each contact's sales come one after the other.
	 */
	private List<Outcome> record(long partnerId, List<NewSale> sales) {
		Set<String> refs = new HashSet<>();
		sales.forEach(sale -> refs.add(sale.externalRef()));
		Map<String, Sales.Stored> known = this.sales.findByRefs(partnerId, refs);
		Set<String> contactRefs = new HashSet<>();
		sales.stream()
			.filter(sale -> !known.containsKey(sale.externalRef()))
			.forEach(sale -> contactRefs.add(sale.contactRef()));
		Map<String, Buyer> buyers = this.sales.buyersByRef(partnerId, contactRefs);

		Outcome[] outcomes = new Outcome[sales.size()];
		// The sales to insert, by row, and the first row of each new reference.
		Map<Integer, Sales.Insertion> insertions = new HashMap<>();
		Map<String, Integer> firstRow = new HashMap<>();
		Map<Integer, Integer> replays = new HashMap<>();
		for (int i = 0; i < sales.size(); i++) {
			NewSale sale = sales.get(i);
			Sales.Stored stored = known.get(sale.externalRef());
			Integer earlier = firstRow.get(sale.externalRef());
			Buyer buyer = buyers.get(sale.contactRef());
			if (stored != null) {
				outcomes[i] = answer(stored.sale(), stored.fingerprint(), sale);
			}
			else if (earlier != null) {
				if (sales.get(earlier).fingerprint().equals(sale.fingerprint())) {
					replays.put(i, earlier);
				}
				else {
					outcomes[i] = conflict(sale);
				}
			}
			else if (buyer == null) {
				outcomes[i] = Outcome.refused(new UnknownContact(sale.contactRef(), HttpStatus.UNPROCESSABLE_CONTENT));
			}
			else {
				firstRow.put(sale.externalRef(), i);
				insertions.put(i, new Sales.Insertion(buyer.contactId(), sale));
			}
		}

		// The first run's buyers are those just read; the listeners of a run may change
		// them (a promotion), so later runs read theirs again.
		Map<Long, Buyer> firstBuyers = new HashMap<>();
		buyers.values().forEach(buyer -> firstBuyers.put(buyer.contactId(), buyer));
		List<List<Integer>> runs = new ArrayList<>();
		List<Integer> run = new ArrayList<>();
		Set<Long> runContacts = new HashSet<>();
		for (int i = 0; i < sales.size(); i++) {
			Sales.Insertion insertion = insertions.get(i);
			if (insertion == null) {
				continue;
			}
			if (!runContacts.add(insertion.contactId())) {
				runs.add(run);
				run = new ArrayList<>();
				runContacts.clear();
				runContacts.add(insertion.contactId());
			}
			run.add(i);
		}
		if (!run.isEmpty()) {
			runs.add(run);
		}
		Instant now = this.clock.instant();
		for (int r = 0; r < runs.size(); r++) {
			insertRun(partnerId, runs.get(r), insertions, (r == 0) ? firstBuyers : null, outcomes, now);
		}
		replays.forEach(
				(row, earlier) -> outcomes[row] = Outcome.of(new Recorded(outcomes[earlier].recorded().sale(), true)));
		return Arrays.asList(outcomes);
	}

	/**
	 * Inserts one run of sales of distinct contacts and publishes them.
	 * @param buyers the contacts as read before the run, or null to read them now
	 */
	private void insertRun(long partnerId, List<Integer> rows, Map<Integer, Sales.Insertion> insertions,
			@Nullable Map<Long, Buyer> buyers, Outcome[] outcomes, Instant now) {
		List<Sale> inserted = this.sales.insertAll(partnerId, rows.stream().map(insertions::get).toList(), now);
		for (int i = 0; i < rows.size(); i++) {
			outcomes[rows.get(i)] = Outcome.of(new Recorded(inserted.get(i), false));
		}
		List<Long> contacts = inserted.stream().map(Sale::contactId).toList();
		Map<Long, Buyer> runBuyers = new HashMap<>();
		if (buyers != null) {
			contacts.forEach(id -> runBuyers.put(id, buyers.get(id)));
		}
		else {
			runBuyers.putAll(this.sales.buyers(partnerId, contacts));
		}
		this.events.publishEvent(new SalesRecorded(partnerId, inserted, runBuyers));
	}

	/** A replay of the stored sale, or a conflict when the sale differs from it. */
	private static Outcome answer(Sale stored, String storedFingerprint, NewSale sale) {
		return storedFingerprint.equals(sale.fingerprint()) ? Outcome.of(new Recorded(stored, true)) : conflict(sale);
	}

	private static Outcome conflict(NewSale sale) {
		return Outcome.refused(problem(HttpStatus.CONFLICT, "Sale already recorded", "Sale '" + sale.externalRef()
				+ "' was already recorded with different data; a sale cannot be changed."));
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
