package io.gratitude.system;

import java.util.stream.Stream;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input table: each request is refused with the status and the problem's
 * {@code field}, and leaves nothing behind (the partner's contacts and sales are
 * unchanged, and so are its settings and the number of partners). {@code ADMIN-} requests
 * use the admin token; {@code {partner}} in a path is the test's partner.
 */
class BadInputTest extends IntegrationTest {

	private static final String CONTACT = "{\"email\":\"ok@example.com\"";

	private static final String SALE = "\"externalRef\":\"B-1\",\"contactRef\":\"known\",\"currency\":\"EUR\",\"occurredAt\":\"2027-01-01T00:00:00Z\"";

	private static final String PROGRAM = "\"key\":\"vip\",\"name\":\"VIP\",\"audience\":\"ANY\",\"template\":\"birthday\"";

	private static final String CAMPAIGN = "{\"key\":\"spring\",\"name\":\"Spring\",\"template\":\"birthday\",\"segment\":{},\"schedule\":{\"start\":\"2027-04-01\",\"spreadDays\":2}}";

	private static final String PARTNER = "\"name\":\"New shop\",\"senderEmail\":\"hi@new.example\",\"senderName\":\"New\",\"timeZone\":\"UTC\"";

	private Api shop;

	@BeforeEach
	void partnerWithOneContact() {
		this.shop = enroll("UTC", "09:00", "18:00");
		assertThat(this.shop.put("/api/v1/contacts/known", "{\"email\":\"known@example.com\"}").status())
			.isEqualTo(201);
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				// contacts
				bad("PUT", "/api/v1/contacts/new", "{}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", "{\"email\":\"not-an-address\"}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", "{\"email\":\"a@b\"}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"timeZone\":\"Mars/Olympus\"}", 400, "timeZone"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"locale\":\"not a locale!\"}", 400, "locale"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstName\":\"Ana\\r\\nBcc: x@y.z\"}", 400,
						"firstName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"lastName\":\"Lima\\u2028Bcc: x@y.z\"}", 400,
						"lastName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstName\":\"Ana\\tLima\"}", 400, "firstName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstName\":\"Ana\\u001b[31m\"}", 400, "firstName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"lastName\":\"" + "x".repeat(101) + "\"}", 400,
						"lastName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"relationship\":\"FRIEND\"}", 400, "relationship"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"clientSince\":\"2027-02-30\"}", 400, "clientSince"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstName\":42}", 400, "firstName"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":30}]}", 400,
						"significantDates[0].day"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":13,\"day\":1}]}", 400,
						"significantDates[0].day"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"day\":1}]}", 400,
						"significantDates[0].month"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"HOLIDAY\",\"month\":1,\"day\":1}]}", 400,
						"significantDates[0].kind"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"CUSTOM\",\"month\":1,\"day\":1}]}", 400,
						"significantDates[0].label"),
				bad("PUT", "/api/v1/contacts/new", CONTACT
						+ ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":29,\"year\":2023}]}", 400,
						"significantDates[0].day"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"attributes\":{\"1bad\":\"x\"}}", 400, "attributes"),
				bad("PUT", "/api/v1/contacts/new", "{\"email\":", 400, "body"),
				// contacts: numbers are not enum constants, fractions not integers, dates
				// ISO strings, keys once
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"relationship\":1}", 400, "relationship"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"relationship\":\"1\"}", 400, "relationship"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"email\":\"other@example.com\"}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"attributes\":{\"tier\":\"gold\",\"tier\":\"lead\"}}",
						400, "attributes.tier"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"clientSince\":20270101}", 400, "clientSince"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"clientSince\":[2027,1,1]}", 400, "clientSince"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"clientSince\":\"+999999999-01-01\"}", 400,
						"clientSince"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":0,\"month\":3,\"day\":1}]}", 400,
						"significantDates[0].kind"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":3.5,\"day\":1}]}", 400,
						"significantDates[0].month"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":3.0,\"day\":1}]}", 400,
						"significantDates[0].month"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":\"3\",\"day\":1}]}", 400,
						"significantDates[0].month"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":3,\"day\":1,\"year\":1e3}]}",
						400, "significantDates[0].year"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY", "{\"month\":3.5,\"day\":1}", 400, "month"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY", "{\"month\":3,\"day\":1,\"day\":2}", 400, "day"),
				bad("PUT", "/api/v1/contacts/new", "", 400, "body"),
				// sales
				bad("POST", "/api/v1/sales", "{" + SALE + "}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":-1}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1.23456}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("EUR", "EURO") + ",\"amount\":1}", 400, "currency"),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("2027-01-01T00:00:00Z", "yesterday") + ",\"amount\":1}",
						400, "occurredAt"),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("\"known\"", "\"ghost\"") + ",\"amount\":1}", 422,
						null),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("B-1", "") + ",\"amount\":1}", 400, "externalRef"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":\"ten\"}", 400, "amount"),
				// sales: amounts and instants range-checked, keys once
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":\"1e2147483647\"}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1e2147483647}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1e15}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1e-2147483647}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":true}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1,\"amount\":2}", 400, "amount"),
				bad("POST", "/api/v1/sales",
						"{" + SALE.replace("2027-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z") + ",\"amount\":1}",
						400, "occurredAt"),
				bad("POST", "/api/v1/sales",
						"{" + SALE.replace("2027-01-01T00:00:00Z", "+10000-01-01T00:00:00Z") + ",\"amount\":1}", 400,
						"occurredAt"),
				bad("POST", "/api/v1/sales",
						"{" + SALE.replace("2027-01-01T00:00:00Z", "1899-12-31T23:59:59Z") + ",\"amount\":1}", 400,
						"occurredAt"),
				bad("POST", "/api/v1/sales",
						"{" + SALE.replace("\"2027-01-01T00:00:00Z\"", "1798761600") + ",\"amount\":1}", 400,
						"occurredAt"),
				bad("POST", "/api/v1/sales",
						"{" + SALE.replace("\"2027-01-01T00:00:00Z\"", "\"1798761600\"") + ",\"amount\":1}", 400,
						"occurredAt"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1,\"description\":true}", 400, "description"),
				// programs
				bad("PATCH", "/api/v1/programs/birthday", "{\"offsetDays\":400}", 400, "offsetDays"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"delay\":\"-PT1H\"}", 400, "delay"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"delay\":\"soon\"}", 400, "delay"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"sendAt\":\"25:00\"}", 400, "sendAt"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"maxLateness\":\"P60D\"}", 400, "maxLateness"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"audience\":\"EVERYONE\"}", 400, "audience"),
				bad("PATCH", "/api/v1/programs/nope", "{\"enabled\":false}", 404, null),
				bad("PATCH", "/api/v1/programs/birthday", "{\"template\":\"nope\"}", 422, null),
				bad("PATCH", "/api/v1/programs/birthday", "{\"periodDays\":30}", 400, "periodDays"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":\"DATE\"}", 400, "dateKind"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":\"CHECK_IN\"}", 400, "periodDays"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":\"SOMETIMES\"}", 400, "trigger"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM.replace("vip", "VIP!") + ",\"trigger\":\"AFTER_SALE\"}",
						400, "key"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + "}", 400, "trigger"),
				bad("POST", "/api/v1/programs",
						"{" + PROGRAM.replace("\"birthday\"", "\"nope\"") + ",\"trigger\":\"AFTER_SALE\"}", 422, null),
				bad("POST", "/api/v1/programs",
						"{" + PROGRAM.replace("vip", "birthday") + ",\"trigger\":\"AFTER_SALE\"}", 409, null),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":\"AFTER_SALE\",\"sendAt\":\"10:00\"}",
						400, "sendAt"),
				bad("GET", "/api/v1/programs?size=0", null, 400, "size"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":0}", 400, "trigger"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM.replace("\"ANY\"", "0") + ",\"trigger\":\"AFTER_SALE\"}",
						400, "audience"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":\"AFTER_SALE\",\"key\":\"vip2\"}", 400,
						"key"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"offsetDays\":1.5}", 400, "offsetDays"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"offsetDays\":\"1\"}", 400, "offsetDays"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"maxLateness\":3600}", 400, "maxLateness"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"enabled\":\"false\"}", 400, "enabled"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"enabled\":0}", 400, "enabled"),
				// promotion rules, staff digests, campaigns
				bad("PUT", "/api/v1/promotion-rules", "{\"minPurchases\":2.5}", 400, "minPurchases"),
				bad("PUT", "/api/v1/promotion-rules", "{\"minSpend\":1e-2147483647,\"spendCurrency\":\"EUR\"}", 400,
						"minSpend"),
				bad("PUT", "/api/v1/digest-settings", "{\"hour\":7.5}", 400, "hour"),
				bad("PUT", "/api/v1/digest-settings", "{\"enabled\":1}", 400, "enabled"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("{}", "{\"relationship\":1}"), 400,
						"segment.relationship"),
				bad("POST", "/api/v1/campaigns",
						CAMPAIGN.replace("{}", "{\"minLifetimeSpend\":1e-2147483647,\"currency\":\"EUR\"}"), 400,
						"segment.minLifetimeSpend"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("{}", "{\"lastPurchaseBefore\":\"+99999-01-01\"}"),
						400, "segment.lastPurchaseBefore"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("2027-04-01", "+99999-04-01"), 400, "schedule.start"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("\"spreadDays\":2", "\"spreadDays\":2.5"), 400,
						"schedule.spreadDays"),
				// template previews and test sends
				bad("POST", "/api/v1/templates/birthday/preview", "{\"contactRef\":\"ghost\"}", 404, null),
				bad("POST", "/api/v1/templates/birthday/preview", "{\"version\":9}", 404, null),
				bad("POST", "/api/v1/templates/nope/preview", "{}", 404, null),
				bad("POST", "/api/v1/templates/birthday/preview", "{\"sampleData\":\"x\"}", 400, "sampleData"),
				bad("POST", "/api/v1/templates/birthday/preview", "{\"version\":1.5}", 400, "version"),
				bad("POST", "/api/v1/templates/birthday/preview", "{\"contactRef\":\"known\",\"sampleData\":{}}", 400,
						"sampleData"),
				bad("POST", "/api/v1/templates/birthday/test-send", "{\"to\":\"not-an-address\"}", 400, "to"),
				bad("POST", "/api/v1/templates/birthday/test-send", "{\"contactRef\":\"known\"}", 400, "to"),
				// template drafts
				bad("PUT", "/api/v1/templates/Birthday", "{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}",
						400, "key"),
				bad("PUT", "/api/v1/templates/birthday",
						"{\"subject\":\"" + "x".repeat(1001) + "\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}", 400,
						"subject"),
				bad("PUT", "/api/v1/templates/birthday",
						"{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\",\"name\":\" \"}", 400, "name"),
				bad("PUT", "/api/v1/templates/birthday", "{\"subject\":\"Hi\",\"text\":\"Hi\"}", 400, "html"),
				// API keys
				bad("POST", "/api/v1/keys", "{}", 400, "label"),
				bad("POST", "/api/v1/keys", "{\"label\":\"till\\r\\n2\"}", 400, "label"),
				bad("POST", "/api/v1/keys", "{\"label\":\"" + "x".repeat(101) + "\"}", 400, "label"),
				bad("POST", "/api/v1/keys", "{\"label\":7}", 400, "label"),
				bad("POST", "/api/v1/keys/nosuchkey1/rotate", "", 404, null),
				bad("GET", "/api/v1/keys/nosuchkey1", null, 404, null),
				bad("GET", "/api/v1/keys?size=0", null, 400, "size"),
				// contact lists, erasure, dates one by one, bulk writes
				bad("GET", "/api/v1/contacts?relationship=FRIEND", null, 400, "relationship"),
				bad("GET", "/api/v1/contacts?optedOut=maybe", null, 400, "optedOut"),
				bad("GET", "/api/v1/contacts?size=501", null, 400, "size"),
				bad("GET", "/api/v1/contacts?q=" + "x".repeat(101), null, 400, "q"),
				bad("DELETE", "/api/v1/contacts/ghost", null, 404, null),
				bad("PUT", "/api/v1/contacts/erased-1", "{\"email\":\"new@example.com\"}", 400, "externalRef"),
				bad("PUT", "/api/v1/contacts/known/dates/HOLIDAY", "{\"month\":1,\"day\":1}", 400, "kind"),
				bad("PUT", "/api/v1/contacts/known/dates/CUSTOM", "{\"month\":1,\"day\":1}", 400, "label"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY/x", "{\"month\":1,\"day\":1}", 400, "label"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY", "{\"month\":2,\"day\":30}", 400, "day"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY", "{\"day\":1}", 400, "month"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY", "{\"month\":\"May\",\"day\":1}", 400, "month"),
				bad("PUT", "/api/v1/contacts/ghost/dates/BIRTHDAY", "{\"month\":1,\"day\":1}", 404, null),
				bad("DELETE", "/api/v1/contacts/known/dates/BIRTHDAY", null, 404, null),
				bad("POST", "/api/v1/contacts:batch", "{\"externalRef\":\"new\"}", 400, "body"),
				bad("POST", "/api/v1/contacts:batch", "[{\"externalRef\":\"new\"", 400, "body"),
				bad("POST", "/api/v1/contacts:import", "externalRef,email\nnew,new@example.com", 415, null),
				bad("CSV", "/api/v1/contacts:import", "externalRef,firstName\nnew,Ana", 400, "header"),
				bad("CSV", "/api/v1/contacts:import", "externalRef,email,shoeSize\nnew,new@example.com,42", 400,
						"header"),
				bad("CSV", "/api/v1/contacts:import", "externalRef,email\nnew,\"new@example.com", 400, "row 1"),
				bad("CSV", "/api/v1/contacts:import", "externalRef,email\nnew,new@example.com\nx,a\"b", 400, "row 2"),
				// the send log
				bad("GET", "/api/v1/outreach?status=LOST", null, 400, "status"),
				bad("GET", "/api/v1/outreach?size=100000", null, 400, "size"),
				bad("GET", "/api/v1/outreach?page=-1", null, 400, "page"),
				bad("GET", "/api/v1/outreach?dueFrom=tomorrow", null, 400, "dueFrom"),
				bad("GET", "/api/v1/outreach?sentTo=2027-13-01T00:00:00Z", null, 400, "sentTo"),
				bad("GET", "/api/v1/outreach?dueFrom=2027-02-01T00:00:00Z&dueTo=2027-01-01T00:00:00Z", null, 400,
						"dueTo"),
				bad("GET", "/api/v1/outreach/abc", null, 400, "id"), bad("GET", "/api/v1/outreach/0", null, 404, null),
				bad("POST", "/api/v1/outreach/0/cancel", "", 404, null),
				bad("GET", "/api/v1/outreach.csv?status=LOST", null, 400, "status"),
				bad("GET", "/api/v1/outreach.csv?dueTo=soon", null, 400, "dueTo"),
				bad("GET", "/api/v1/outreach?size=3.5", null, 400, "size"),
				bad("GET", "/api/v1/outreach?status=0", null, 400, "status"),
				bad("GET", "/api/v1/outreach?dueFrom=%2B1000000000-01-01T00:00:00Z", null, 400, "dueFrom"),
				bad("GET", "/api/v1/outreach?sentTo=1798761600000", null, 400, "sentTo"),
				bad("GET", "/api/v1/outreach.csv?dueFrom=%2B1000000000-01-01T00:00:00Z", null, 400, "dueFrom"),
				bad("GET", "/api/v1/stats?from=-1000000000-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", null, 400, "from"),
				bad("GET", "/api/v1/forecast?from=-1000000000-01-01T00:00:00Z", null, 400, "from"),
				bad("GET", "/api/v1/forecast?days=3.5", null, 400, "days"),
				bad("GET", "/api/v1/sales?from=-1000000000-01-01T00:00:00Z", null, 400, "from"),
				bad("GET", "/api/v1/contacts?relationship=0", null, 400, "relationship"),
				bad("GET", "/api/v1/stats?to=2027-01-01T00:00:00Z", null, 400, "from"),
				bad("GET", "/api/v1/stats?from=2027-01-01T00:00:00Z", null, 400, "to"),
				bad("GET", "/api/v1/stats?from=2027-02-01T00:00:00Z&to=2027-01-01T00:00:00Z", null, 400, "to"),
				bad("GET", "/api/v1/stats?from=last-week&to=2027-01-01T00:00:00Z", null, 400, "from"),
				// the forecast
				bad("GET", "/api/v1/forecast?days=0", null, 400, "days"),
				bad("GET", "/api/v1/forecast?days=93", null, 400, "days"),
				bad("GET", "/api/v1/forecast?days=many", null, 400, "days"),
				bad("GET", "/api/v1/forecast?from=yesterday", null, 400, "from"),
				bad("GET", "/api/v1/forecast?from=2999-01-01T00:00:00Z", null, 400, "from"),
				// sales: batch, list, one
				bad("POST", "/api/v1/sales:batch", "{" + SALE + ",\"amount\":1}", 400, "body"),
				bad("POST", "/api/v1/sales:batch", "[{" + SALE + ",\"amount\":1}", 400, "body"),
				bad("POST", "/api/v1/sales:batch", "", 400, "body"),
				bad("POST", "/api/v1/sales:batch", "[{" + SALE + ",\"amount\":1,\"amount\":2}]", 400, "[0].amount"),
				bad("POST", "/api/v1/contacts:batch",
						"[{\"externalRef\":\"new\",\"email\":\"a@example.com\",\"email\":\"b@example.com\"}]", 400,
						"[0].email"),
				bad("GET", "/api/v1/sales?from=yesterday", null, 400, "from"),
				bad("GET", "/api/v1/sales?from=2027-02-01T00:00:00Z&to=2027-01-01T00:00:00Z", null, 400, "to"),
				bad("GET", "/api/v1/sales?size=0", null, 400, "size"), bad("GET", "/api/v1/sales/B-1", null, 404, null),
				// suppressions
				bad("POST", "/api/v1/suppressions", "{}", 400, "email"),
				bad("POST", "/api/v1/suppressions", "{\"email\":\"not-an-address\"}", 400, "email"),
				bad("POST", "/api/v1/suppressions", "{\"email\":\"ok@example.com\",\"reason\":\"spam\"}", 400,
						"reason"),
				bad("POST", "/api/v1/suppressions", "{\"email\":\"ok@example.com\",\"reason\":3}", 400, "reason"),
				bad("GET", "/api/v1/suppressions?reason=spam", null, 400, "reason"),
				bad("GET", "/api/v1/suppressions?size=0", null, 400, "size"),
				bad("GET", "/api/v1/suppressions/ok@example.com", null, 404, null),
				bad("DELETE", "/api/v1/suppressions/ok@example.com", null, 404, null),
				// the audit log
				bad("GET", "/api/v1/audit?size=501", null, 400, "size"),
				bad("GET", "/api/v1/audit?page=-1", null, 400, "page"),
				// bounce and complaint intake
				bad("POST", "/api/v1/events/bounces", "{}", 400, "events"),
				bad("POST", "/api/v1/events/bounces", "{\"events\":{}}", 400, "events"),
				bad("POST", "/api/v1/events/bounces", "{\"events\":[{\"type\":\"hard\"}]}", 400, "events[0].email"),
				bad("POST", "/api/v1/events/bounces", "{\"events\":[null]}", 400, "events[0].email"),
				bad("POST", "/api/v1/events/bounces",
						"{\"events\":[{\"email\":\"known@example.com\",\"type\":\"complaint\"},"
								+ "{\"email\":\"known@example.com\",\"type\":\"bounce\"}]}",
						400, "events[1].type"),
				bad("POST", "/api/v1/events/bounces", "{\"events\":[{\"email\":\"known@example.com\",\"type\":3}]}",
						400, "events[0].type"),
				bad("POST", "/api/v1/events/bounces",
						"{\"events\":[{\"email\":\"known@example.com\",\"type\":\"complaint\",\"messageId\":\"<a b>\"}]}",
						400, "events[0].messageId"),
				bad("POST", "/api/v1/events/bounces",
						"{\"events\":[{\"email\":\"known@example.com\",\"type\":\"complaint\",\"occurredAt\":\"yesterday\"}]}",
						400, "events[0].occurredAt"),
				bad("POST", "/api/v1/events/bounces", "", 400, "body"),
				bad("POST", "/api/v1/events/bounces",
						"{\"events\":[{\"email\":\"known@example.com\",\"type\":\"complaint\",\"occurredAt\":\"+1000000000-01-01T00:00:00Z\"}]}",
						400, "events[0].occurredAt"),
				// partner settings (admin): the messages-per-minute limit
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"maxPerMinute\":100001}", 400, "maxPerMinute"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"maxPerMinute\":-1}", 400, "maxPerMinute"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"maxPerMinute\":\"fast\"}", 400, "maxPerMinute"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"maxPerMinute\":99999999999}", 400, "maxPerMinute"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"maxPerMinute\":10.0}", 400, "maxPerMinute"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"frequencyCapHours\":1.5}", 400,
						"frequencyCapHours"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"leapDayPolicy\":0}", 400, "leapDayPolicy"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"skipWeekends\":\"true\"}", 400, "skipWeekends"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"name\":\"A\",\"name\":\"B\"}", 400, "name"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"name\":\"Renamed\",\"maxPerMinute\":-5}", 400,
						"maxPerMinute"),
				bad("ADMIN-POST", "/api/v1/partners",
						"{" + PARTNER.replace("\"senderName\":\"New\"", "\"senderName\":\"New\\u2028Bcc: x@y.z\"")
								+ "}",
						400, "senderName"),
				bad("ADMIN-POST", "/api/v1/partners", "{" + PARTNER + ",\"maxPerMinute\":-1}", 400, "maxPerMinute"),
				bad("ADMIN-POST", "/api/v1/partners", "{" + PARTNER + ",\"maxPerMinute\":100001}", 400, "maxPerMinute"),
				bad("ADMIN-POST", "/api/v1/partners", "{" + PARTNER + ",\"maxPerMinute\":[5]}", 400, "maxPerMinute"),
				// unknown fields, on every body: refused by their JSON path, not dropped
				bad("PUT", "/api/v1/contacts/known", "{\"email\":\"known@example.com\",\"firstname\":\"Ana\"}", 400,
						"firstname"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstname\":\"Ana\"}", 400, "firstname"),
				bad("PUT", "/api/v1/contacts/new", CONTACT
						+ ",\"significantDates\":[{\"kind\":\"CUSTOM\",\"month\":3,\"day\":1,\"lable\":\"x\"}]}", 400,
						"significantDates[0].lable"),
				bad("PUT", "/api/v1/contacts/known/dates/BIRTHDAY", "{\"month\":3,\"day\":1,\"yaer\":1990}", 400,
						"yaer"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1,\"amout\":1}", 400, "amout"),
				bad("POST", "/api/v1/programs", "{" + PROGRAM + ",\"trigger\":\"AFTER_SALE\",\"dealy\":\"PT1H\"}", 400,
						"dealy"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"enabeld\":false}", 400, "enabeld"),
				bad("PUT", "/api/v1/templates/birthday",
						"{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\",\"titel\":\"x\"}", 400, "titel"),
				bad("PUT", "/api/v1/templates/birthday/locales/fr",
						"{\"subject\":\"Salut\",\"html\":\"<p>Salut</p>\",\"text\":\"Salut\",\"locale\":\"fr\"}", 400,
						"locale"),
				bad("POST", "/api/v1/templates/birthday/publish", "{\"verison\":1}", 400, "verison"),
				bad("POST", "/api/v1/templates/birthday/preview", "{\"sampleDate\":{}}", 400, "sampleDate"),
				bad("POST", "/api/v1/templates/birthday/test-send",
						"{\"to\":\"ok@example.com\",\"cc\":\"x@example.com\"}", 400, "cc"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("\"segment\"", "\"audience\":\"ANY\",\"segment\""),
						400, "audience"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("{}", "{\"relationshp\":\"CLIENT\"}"), 400,
						"segment.relationshp"),
				bad("POST", "/api/v1/campaigns", CAMPAIGN.replace("\"spreadDays\"", "\"spread\""), 400,
						"schedule.spread"),
				bad("ADMIN-POST", "/api/v1/partners", "{" + PARTNER + ",\"timezone\":\"UTC\"}", 400, "timezone"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}", "{\"maxPerMinit\":5}", 400, "maxPerMinit"),
				bad("ADMIN-PATCH", "/api/v1/partners/{partner}",
						"{\"sendWindow\":{\"start\":\"09:00\",\"end\":\"18:00\",\"zone\":\"UTC\"}}", 400,
						"sendWindow.zone"),
				bad("PUT", "/api/v1/digest-settings", "{\"enabled\":true,\"daysahead\":3}", 400, "daysahead"),
				bad("PUT", "/api/v1/promotion-rules", "{\"minPurchase\":2}", 400, "minPurchase"),
				bad("POST", "/api/v1/suppressions", "{\"email\":\"ok@example.com\",\"note\":\"asked\"}", 400, "note"),
				bad("POST", "/api/v1/keys", "{\"label\":\"till\",\"scope\":\"all\"}", 400, "scope"),
				bad("POST", "/api/v1/events/bounces",
						"{\"events\":[{\"email\":\"known@example.com\",\"type\":\"complaint\",\"kind\":\"x\"}]}", 400,
						"events[0].kind"));
	}

	private static Arguments bad(String method, String path, String body, int status, String field) {
		return Arguments.of(method, path, body, status, field);
	}

	@ParameterizedTest(name = "{0} {1} {2} → {3} {4}")
	@MethodSource("cases")
	void isRefusedNamingTheFieldAndChangesNothing(String method, String path, String body, int status, String field) {
		String before = snapshot();
		String target = path.replace("{partner}", String.valueOf(this.partnerId));
		Api.Response response = switch (method) {
			case "ADMIN-PATCH" -> admin().patch(target, body);
			case "ADMIN-POST" -> admin().post(target, body);
			case "PUT" -> this.shop.put(target, body);
			case "POST" -> this.shop.post(target, body);
			case "PATCH" -> this.shop.patch(target, body);
			case "DELETE" -> this.shop.send("DELETE", target, "application/json", "");
			case "CSV" -> this.shop.send("POST", target, "text/csv", body);
			default -> this.shop.get(target);
		};
		assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.json().get("field").asString()).as(response.raw().body()).isEqualTo(field);
		}
		assertThat(snapshot()).isEqualTo(before);
	}

	static Stream<Arguments> badRows() {
		String newContact = "{\"externalRef\":\"new\",\"email\":\"new@example.com\"";
		return Stream.of(
				badRow("JSON", "/api/v1/sales:batch", "[{" + SALE + ",\"amount\":\"1e2147483647\"}]", "amount"),
				badRow("JSON", "/api/v1/sales:batch", "[{" + SALE + ",\"amount\":1e15}]", "amount"),
				badRow("JSON", "/api/v1/sales:batch",
						"[{" + SALE.replace("2027-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z") + ",\"amount\":1}]",
						"occurredAt"),
				badRow("JSON", "/api/v1/sales:batch",
						"[{" + SALE.replace("\"2027-01-01T00:00:00Z\"", "1798761600") + ",\"amount\":1}]",
						"occurredAt"),
				badRow("JSON", "/api/v1/contacts:batch", "[" + newContact + ",\"relationship\":1}]", "relationship"),
				badRow("JSON", "/api/v1/contacts:batch", "[" + newContact + ",\"clientSince\":\"+99999-01-01\"}]",
						"clientSince"),
				badRow("JSON", "/api/v1/contacts:batch",
						"[" + newContact + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":3.5,\"day\":1}]}]",
						"significantDates[0].month"),
				badRow("CSV", "/api/v1/contacts:import",
						"externalRef,email,clientSince\nnew,new@example.com,+999999999-01-01", "clientSince"),
				badRow("CSV", "/api/v1/contacts:import", "externalRef,email,birthday\nnew,new@example.com,+99999-01-01",
						"birthday"),
				badRow("CSV", "/api/v1/contacts:import", "externalRef,email,relationship\nnew,new@example.com,1",
						"relationship"),
				// unknown fields in a row: that row is refused, by its own path
				badRow("JSON", "/api/v1/contacts:batch", "[" + newContact + ",\"firstname\":\"Ana\"}]", "firstname"),
				badRow("JSON", "/api/v1/contacts:batch", "[" + newContact
						+ ",\"significantDates\":[{\"kind\":\"CUSTOM\",\"month\":3,\"day\":1,\"lable\":\"x\"}]}]",
						"significantDates[0].lable"),
				badRow("JSON", "/api/v1/sales:batch", "[{" + SALE + ",\"amount\":1,\"amout\":1}]", "amout"));
	}

	private static Arguments badRow(String kind, String path, String body, String field) {
		return Arguments.of(kind, path, body, field);
	}

	/**
	 * A batch or an import answers 200 with its refused rows: a bad value in a row is
	 * reported for that row, by number and field, and the row writes nothing.
	 */
	@ParameterizedTest(name = "{0} {1} {2} → row 1 {3}")
	@MethodSource("badRows")
	void aBadValueInARowIsReportedForThatRowAndWritesNothing(String kind, String path, String body, String field) {
		String before = snapshot();
		Api.Response response = kind.equals("CSV") ? this.shop.send("POST", path, "text/csv", body)
				: this.shop.post(path, body);

		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.json().get("created").asInt()).isZero();
		assertThat(response.json().get("rejected").size()).as(response.raw().body()).isEqualTo(1);
		assertThat(response.json().get("rejected").get(0).get("row").asInt()).isEqualTo(1);
		assertThat(response.json().get("rejected").get(0).get("field").asString()).as(response.raw().body())
			.isEqualTo(field);
		assertThat(snapshot()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("transport")
	void wrongContentTypeAndOversizedBodiesAreRefused(String name, int status, String contentType, String body) {
		Api.Response response = this.shop.send("POST", "/api/v1/sales", contentType, body);
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	static Stream<Arguments> transport() {
		return Stream.of(Arguments.of("text/plain → 415", 415, "text/plain", "hello"),
				Arguments.of("17 MB → 413", 413, "application/json", "[" + " ".repeat(17 * 1024 * 1024) + "]"));
	}

	private String snapshot() {
		return this.shop.get("/api/v1/contacts/known").raw().body() + this.shop.get("/api/v1/contacts/new").status()
				+ this.shop.get("/api/v1/outreach?size=500").raw().body()
				+ this.shop.get("/api/v1/programs").raw().body() + this.shop.get("/api/v1/sales?size=500").raw().body()
				+ this.shop.get("/api/v1/sales/B-1").status() + this.shop.get("/api/v1/campaigns").raw().body()
				+ this.shop.get("/api/v1/promotion-rules").raw().body()
				+ this.shop.get("/api/v1/digest-settings").raw().body()
				+ this.shop.get("/api/v1/suppressions?size=500").raw().body()
				+ this.shop.get("/api/v1/templates/birthday/versions").raw().body()
				+ this.shop.get("/api/v1/templates/birthday/locales/fr").status()
				+ this.shop.get("/api/v1/keys").raw().body()
				+ admin().get("/api/v1/partners/" + this.partnerId).raw().body()
				+ admin().get("/api/v1/partners?size=1").json().get("total");
	}

}
