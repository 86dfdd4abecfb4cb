package io.gratitude.contact;

import io.gratitude.system.InvalidField;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Bulk contact writes: a JSON array of contact bodies ({@code contacts:batch}) or a CSV
 * file with a header row ({@code contacts:import}), at most {@value #MAX_ROWS} rows.
 * Every row is validated whole first, then written: {@value #CHUNK} rows per transaction,
 * and when one of them fails, that chunk again one transaction per row. A row is applied
 * entirely or not at all, and a bad row never holds back the good ones. Each row replaces
 * its contact like {@code PUT /api/v1/contacts/{externalRef}}.
 */
@Service
class ContactImport {

	static final int MAX_ROWS = 10_000;

	/** Rows written per transaction (when none of them fails). */
	private static final int CHUNK = 200;

	private static final Logger log = LoggerFactory.getLogger(ContactImport.class);

	/** The CSV columns besides {@code attr.<name>}, as the header spells them. */
	private static final List<String> COLUMNS = List.of("externalRef", "email", "firstName", "lastName", "relationship",
			"timeZone", "locale", "birthday", "clientSince");

	private static final String ATTRIBUTE = "attr.";

	private static final RelationshipChange.Origin BATCH = new RelationshipChange.Origin(ChangeReason.IMPORT,
			"Changed by a batch of contacts over the API", "import:batch");

	private static final RelationshipChange.Origin CSV = new RelationshipChange.Origin(ChangeReason.IMPORT,
			"Changed by a CSV import", "import:csv");

	private final ContactBook book;

	private final JsonMapper json;

	ContactImport(ContactBook book, JsonMapper json) {
		this.book = book;
		this.json = json;
	}

	/**
	 * The outcome: how many contacts were created and updated, and each refused row with
	 * its number (1-based), its externalRef when known, the field at fault and why.
	 */
	record Outcome(int created, int updated, List<Rejected> rejected) {
	}

	record Rejected(int row, @Nullable String externalRef, @Nullable String field, String reason) {
	}

	/** A row that passed validation, waiting to be written. */
	private record Row(int number, ContactData data, @Nullable DateKind onlyKind) {
	}

	/** One element of a batch: a contact body with its externalRef. */
	record BatchItem(@Nullable String externalRef, @Nullable String email, @Nullable String firstName,
			@Nullable String lastName, @Nullable Relationship relationship, @Nullable String timeZone,
			@Nullable String locale, @Nullable LocalDate clientSince, @Nullable Map<String, String> attributes,
			@Nullable List<ContactApiController.DateBody> significantDates) {
	}

	/** Applies a JSON array of contact bodies; row N is the array's element N-1. */
	Outcome applyBatch(long partnerId, JsonNode body) {
		if (!body.isArray()) {
			throw new InvalidField("body", "the body must be a JSON array of contacts");
		}
		if (body.size() > MAX_ROWS) {
			throw new InvalidField("body", "at most " + MAX_ROWS + " contacts per batch, got " + body.size());
		}
		List<Row> rows = new ArrayList<>();
		List<Rejected> rejected = new ArrayList<>();
		for (int i = 0; i < body.size(); i++) {
			JsonNode element = body.get(i);
			String ref = (element.isObject() && element.path("externalRef").isString())
					? element.get("externalRef").asString() : null;
			try {
				BatchItem item = this.json.treeToValue(element, BatchItem.class);
				rows.add(new Row(i + 1,
						ContactApiController.toData(item.externalRef(), item.email(), item.firstName(), item.lastName(),
								item.relationship(), item.timeZone(), item.locale(), item.clientSince(),
								item.attributes(), item.significantDates()),
						null));
			}
			catch (InvalidField ex) {
				rejected.add(new Rejected(i + 1, ref, ex.field(), ex.getMessage()));
			}
			catch (UnrecognizedPropertyException ex) {
				InvalidField unknown = InvalidField.unknownProperty(ex);
				rejected.add(new Rejected(i + 1, ref, unknown.field(), unknown.getMessage()));
			}
			catch (JacksonException ex) {
				String path = InvalidField.jsonPath(ex);
				rejected.add(new Rejected(i + 1, ref, path.isEmpty() ? null : path,
						path.isEmpty() ? "each element must be a contact object: " + ex.getOriginalMessage()
								: "Field '" + path + "' has a wrong value or type: " + ex.getOriginalMessage()));
			}
		}
		return write(partnerId, rows, rejected, BATCH);
	}

	/**
	 * Applies a CSV file (UTF-8, RFC 4180) with a header row. Row N is the N-th record
	 * after the header (a quoted line break does not start a new one); blank lines count
	 * but are skipped.
	 * @throws InvalidField ({@code header} or {@code row N}) for a missing or unknown
	 * column or broken quoting: then nothing is written
	 */
	Outcome applyCsv(long partnerId, byte[] body) {
		List<List<String>> records = Csv.parse(utf8(body));
		if (records.isEmpty()) {
			throw new InvalidField("header", "the CSV is empty: its first line must be a header row");
		}
		Map<String, Integer> columns = header(records.get(0));
		if (records.size() - 1 > MAX_ROWS) {
			throw new InvalidField("body", "at most " + MAX_ROWS + " rows per import, got " + (records.size() - 1));
		}
		List<Row> rows = new ArrayList<>();
		List<Rejected> rejected = new ArrayList<>();
		for (int number = 1; number < records.size(); number++) {
			List<String> record = records.get(number);
			if (record.size() == 1 && record.get(0).isEmpty()) {
				continue;
			}
			Integer refColumn = columns.get("externalRef");
			String ref = (refColumn < record.size() && !record.get(refColumn).isBlank()) ? record.get(refColumn) : null;
			if (record.size() != columns.size()) {
				rejected.add(new Rejected(number, ref, null,
						"row " + number + " has " + record.size() + " fields, the header has " + columns.size()));
				continue;
			}
			try {
				rows.add(csvRow(number, columns, record));
			}
			catch (InvalidField ex) {
				rejected.add(new Rejected(number, ref, ex.field(), ex.getMessage()));
			}
		}
		return write(partnerId, rows, rejected, CSV);
	}

	private static String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidField("body", "the CSV must be UTF-8 text");
		}
	}

	/** Column positions by name; attribute columns keep their {@code attr.} prefix. */
	private static Map<String, Integer> header(List<String> names) {
		Map<String, Integer> columns = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).strip();
			String column = COLUMNS.stream().filter(name::equalsIgnoreCase).findFirst().orElse(null);
			if (column == null && name.startsWith(ATTRIBUTE)
					&& name.substring(ATTRIBUTE.length()).matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
				column = name;
			}
			if (column == null) {
				throw new InvalidField("header", "unknown column '" + name + "' in the header; the columns are "
						+ String.join(", ", COLUMNS) + " and attr.<name> (a letter then letters, digits or _)");
			}
			if (columns.put(column, i) != null) {
				throw new InvalidField("header", "column '" + column + "' appears twice in the header");
			}
		}
		for (String required : List.of("externalRef", "email")) {
			if (!columns.containsKey(required)) {
				throw new InvalidField("header", "the header has no '" + required + "' column");
			}
		}
		return columns;
	}

	private static Row csvRow(int number, Map<String, Integer> columns, List<String> record) {
		Map<String, String> values = new HashMap<>();
		Map<String, String> attributes = new LinkedHashMap<>();
		columns.forEach((column, index) -> {
			String value = record.get(index);
			if (value.isEmpty()) {
				return;
			}
			if (column.startsWith(ATTRIBUTE)) {
				attributes.put(column.substring(ATTRIBUTE.length()), value);
			}
			else {
				values.put(column, value);
			}
		});
		Relationship relationship = null;
		if (values.containsKey("relationship")) {
			try {
				relationship = Relationship.valueOf(values.get("relationship").strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidField("relationship",
						"relationship '" + values.get("relationship") + "' is not CUSTOMER or CLIENT");
			}
		}
		LocalDate clientSince = null;
		if (values.containsKey("clientSince")) {
			try {
				clientSince = LocalDate.parse(values.get("clientSince").strip());
			}
			catch (DateTimeException ex) {
				throw new InvalidField("clientSince",
						"clientSince '" + values.get("clientSince") + "' is not a date YYYY-MM-DD");
			}
		}
		List<SignificantDate> dates = null;
		if (columns.containsKey("birthday")) {
			dates = new ArrayList<>();
			if (values.containsKey("birthday")) {
				dates.add(birthday(values.get("birthday").strip()));
			}
		}
		try {
			ContactData data = new ContactData(values.get("externalRef"), values.get("email"), values.get("firstName"),
					values.get("lastName"), relationship, values.get("timeZone"), values.get("locale"), clientSince,
					attributes, dates);
			return new Row(number, data, (dates != null) ? DateKind.BIRTHDAY : null);
		}
		catch (InvalidField ex) {
			// Name the CSV column: attributes.x is the column attr.x.
			String field = ex.field().startsWith("attributes.") ? ATTRIBUTE + ex.field().substring(11) : ex.field();
			throw new InvalidField(field, ex.getMessage());
		}
	}

	/** {@code YYYY-MM-DD}, or {@code --MM-DD} without a year. */
	private static SignificantDate birthday(String value) {
		try {
			if (value.startsWith("--")) {
				MonthDay day = MonthDay.parse(value);
				return new SignificantDate(DateKind.BIRTHDAY, day.getMonthValue(), day.getDayOfMonth(), null, "");
			}
			LocalDate date = LocalDate.parse(value);
			return new SignificantDate(DateKind.BIRTHDAY, date.getMonthValue(), date.getDayOfMonth(), date.getYear(),
					"");
		}
		catch (DateTimeException | InvalidField ex) {
			throw new InvalidField("birthday",
					"birthday '" + value + "' is not a date YYYY-MM-DD (or --MM-DD without a year) from 1900 to 2200");
		}
	}

	/**
	 * Writes the valid rows one transaction each. A reference given twice is refused
	 * after its first row: which of the two should win is not ours to guess.
	 */
	private Outcome write(long partnerId, List<Row> rows, List<Rejected> rejected, RelationshipChange.Origin origin) {
		long started = System.nanoTime();
		Map<String, Integer> seen = new HashMap<>();
		List<Row> distinct = new ArrayList<>();
		for (Row row : rows) {
			String ref = row.data().externalRef();
			Integer first = seen.putIfAbsent(ref, row.number());
			if (first != null) {
				rejected.add(new Rejected(row.number(), ref, "externalRef",
						"externalRef '" + ref + "' is given already in row " + first));
			}
			else {
				distinct.add(row);
			}
		}
		int[] counts = new int[2];
		for (int from = 0; from < distinct.size(); from += CHUNK) {
			List<Row> chunk = distinct.subList(from, Math.min(from + CHUNK, distinct.size()));
			try {
				List<Boolean> created = this.book.upsertRows(partnerId,
						chunk.stream().map(r -> new ContactBook.Row(r.data(), r.onlyKind())).toList(), origin);
				created.forEach(c -> counts[c ? 0 : 1]++);
			}
			catch (InvalidField | DataAccessException ex) {
				// The chunk rolled back whole: write its rows one by one, so that only
				// the
				// row at fault is refused.
				chunk.forEach(row -> writeOne(partnerId, row, counts, rejected, origin));
			}
		}
		rejected.sort(Comparator.comparingInt(Rejected::row));
		log.info("contacts bulk write: partner={} created={} updated={} rejected={} ms={}", partnerId, counts[0],
				counts[1], rejected.size(), (System.nanoTime() - started) / 1_000_000);
		return new Outcome(counts[0], counts[1], rejected);
	}

	private void writeOne(long partnerId, Row row, int[] counts, List<Rejected> rejected,
			RelationshipChange.Origin origin) {
		String ref = row.data().externalRef();
		try {
			counts[this.book.upsertRow(partnerId, row.data(), row.onlyKind(), origin) ? 0 : 1]++;
		}
		catch (InvalidField ex) {
			rejected.add(new Rejected(row.number(), ref, ex.field(), ex.getMessage()));
		}
		catch (DataAccessException ex) {
			// The row's transaction rolled back; the rows before and after it stand.
			rejected.add(new Rejected(row.number(), ref, null,
					"could not be stored (a concurrent change or a value the database refuses); retry the row"));
		}
	}

}
