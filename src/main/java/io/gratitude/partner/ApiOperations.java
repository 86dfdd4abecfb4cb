package io.gratitude.partner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What the controllers do not say in the OpenAPI document, for every API operation at
 * once: a summary and a description, a tag per feature (from the path), the statuses
 * actually answered (201, 202, 204) and the errors, all RFC 9457
 * {@code application/problem+json} with the {@code Problem} schema. An operation missing
 * from {@link #SUMMARIES} is left without a summary, which {@code OpenApiTest} refuses.
 */
final class ApiOperations implements OpenApiCustomizer {

	static final String PROBLEM_JSON = "application/problem+json";

	/**
	 * Feature tags by the first path segment after {@code /api/v1/}, in document order.
	 */
	private static final Map<String, String> FEATURES = new LinkedHashMap<>();

	static {
		FEATURES.put("contacts", "Contacts");
		FEATURES.put("sales", "Sales");
		FEATURES.put("programs", "Programs");
		FEATURES.put("templates", "Templates");
		FEATURES.put("campaigns", "Campaigns");
		FEATURES.put("outreach", "Send log");
		FEATURES.put("stats", "Stats");
		FEATURES.put("forecast", "Forecast");
		FEATURES.put("suppressions", "Suppressions and bounces");
		FEATURES.put("events", "Suppressions and bounces");
		FEATURES.put("promotion-rules", "Promotion rules");
		FEATURES.put("digest-settings", "Staff digest");
		FEATURES.put("keys", "API keys");
		FEATURES.put("audit", "Audit");
		FEATURES.put("partners", "Partners");
		FEATURES.put("outbox", "Outbox");
	}

	private static final Map<String, String> SUMMARIES = Map.ofEntries(
			Map.entry("GET /api/v1/contacts", "List contacts"),
			Map.entry("GET /api/v1/contacts/{externalRef}", "Get a contact"),
			Map.entry("PUT /api/v1/contacts/{externalRef}", "Create or replace a contact"),
			Map.entry("DELETE /api/v1/contacts/{externalRef}", "Delete a contact"),
			Map.entry("GET /api/v1/contacts/{externalRef}/history", "Get a contact's history"),
			Map.entry("POST /api/v1/contacts/{externalRef}/opt-out", "Opt a contact out"),
			Map.entry("POST /api/v1/contacts/{externalRef}/opt-in", "Opt a contact back in"),
			Map.entry("PUT /api/v1/contacts/{externalRef}/dates/{kind}", "Set a significant date"),
			Map.entry("DELETE /api/v1/contacts/{externalRef}/dates/{kind}", "Remove a significant date"),
			Map.entry("PUT /api/v1/contacts/{externalRef}/dates/{kind}/{label}", "Set a labelled significant date"),
			Map.entry("DELETE /api/v1/contacts/{externalRef}/dates/{kind}/{label}",
					"Remove a labelled significant date"),
			Map.entry("POST /api/v1/contacts:batch", "Create or replace contacts in a batch"),
			Map.entry("POST /api/v1/contacts:import", "Import contacts from CSV"),
			Map.entry("GET /api/v1/sales", "List sales"), Map.entry("POST /api/v1/sales", "Record a sale"),
			Map.entry("POST /api/v1/sales:batch", "Record sales in a batch"),
			Map.entry("GET /api/v1/sales/{externalRef}", "Get a sale"),
			Map.entry("GET /api/v1/programs", "List programs"), Map.entry("POST /api/v1/programs", "Create a program"),
			Map.entry("GET /api/v1/programs/{key}", "Get a program"),
			Map.entry("PATCH /api/v1/programs/{key}", "Change a program"),
			Map.entry("DELETE /api/v1/programs/{key}", "Delete a program"),
			Map.entry("GET /api/v1/templates", "List templates"),
			Map.entry("GET /api/v1/templates/{key}", "Get a template"),
			Map.entry("PUT /api/v1/templates/{key}", "Save a template draft"),
			Map.entry("POST /api/v1/templates/{key}/publish", "Publish a template's draft"),
			Map.entry("GET /api/v1/templates/{key}/versions", "List a template's versions"),
			Map.entry("GET /api/v1/templates/{key}/versions/{version}", "Get a template version"),
			Map.entry("GET /api/v1/templates/{key}/locales/{locale}", "Get a template's translation"),
			Map.entry("PUT /api/v1/templates/{key}/locales/{locale}", "Save a translation draft"),
			Map.entry("DELETE /api/v1/templates/{key}/locales/{locale}", "Delete a translation"),
			Map.entry("POST /api/v1/templates/{key}/locales/{locale}/publish", "Publish a translation's draft"),
			Map.entry("GET /api/v1/templates/{key}/locales/{locale}/versions/{version}", "Get a translation version"),
			Map.entry("POST /api/v1/templates/{key}/preview", "Preview a template"),
			Map.entry("POST /api/v1/templates/{key}/test-send", "Send a template as a test"),
			Map.entry("GET /api/v1/campaigns", "List campaigns"),
			Map.entry("POST /api/v1/campaigns", "Create a campaign"),
			Map.entry("GET /api/v1/campaigns/{key}", "Get a campaign"),
			Map.entry("POST /api/v1/campaigns/{key}/start", "Start a campaign"),
			Map.entry("POST /api/v1/campaigns/{key}/pause", "Pause a campaign"),
			Map.entry("POST /api/v1/campaigns/{key}/resume", "Resume a campaign"),
			Map.entry("POST /api/v1/campaigns/{key}/cancel", "Cancel a campaign"),
			Map.entry("GET /api/v1/outreach", "List the send log"),
			Map.entry("GET /api/v1/outreach/{id}", "Get an outreach"),
			Map.entry("POST /api/v1/outreach/{id}/cancel", "Cancel a planned outreach"),
			Map.entry("GET /api/v1/outreach.csv", "Export the send log as CSV"),
			Map.entry("GET /api/v1/stats", "Get sending statistics"),
			Map.entry("GET /api/v1/forecast", "Forecast upcoming outreach"),
			Map.entry("GET /api/v1/suppressions", "List suppressed addresses"),
			Map.entry("POST /api/v1/suppressions", "Suppress an address"),
			Map.entry("GET /api/v1/suppressions/{email}", "Get a suppressed address"),
			Map.entry("DELETE /api/v1/suppressions/{email}", "Lift a suppression"),
			Map.entry("POST /api/v1/events/bounces", "Report a bounce or complaint"),
			Map.entry("GET /api/v1/promotion-rules", "Get the promotion rules"),
			Map.entry("PUT /api/v1/promotion-rules", "Replace the promotion rules"),
			Map.entry("GET /api/v1/digest-settings", "Get the staff digest settings"),
			Map.entry("PUT /api/v1/digest-settings", "Replace the staff digest settings"),
			Map.entry("GET /api/v1/keys", "List API keys"), Map.entry("POST /api/v1/keys", "Issue an API key"),
			Map.entry("GET /api/v1/keys/{prefix}", "Get an API key"),
			Map.entry("DELETE /api/v1/keys/{prefix}", "Revoke an API key"),
			Map.entry("POST /api/v1/keys/{prefix}/rotate", "Rotate an API key"),
			Map.entry("GET /api/v1/audit", "List the audit log"), Map.entry("GET /api/v1/partners", "List partners"),
			Map.entry("POST /api/v1/partners", "Enroll a partner"),
			Map.entry("GET /api/v1/partners/{id}", "Get a partner"),
			Map.entry("PATCH /api/v1/partners/{id}", "Change a partner"),
			Map.entry("POST /api/v1/partners/{id}/pause", "Pause a partner"),
			Map.entry("POST /api/v1/partners/{id}/resume", "Resume a partner"),
			Map.entry("GET /api/v1/outbox", "List the outgoing mail queue"));

	/**
	 * Operations answering 201 Created (with the body the controller documents as 200).
	 */
	private static final Set<String> CREATED = Set.of("POST /api/v1/sales", "POST /api/v1/programs",
			"POST /api/v1/campaigns", "POST /api/v1/keys", "POST /api/v1/keys/{prefix}/rotate",
			"PUT /api/v1/templates/{key}", "PUT /api/v1/templates/{key}/locales/{locale}");

	/** Operations answering 201 when they create and 200 when they replace. */
	private static final Set<String> CREATED_OR_OK = Set.of("PUT /api/v1/contacts/{externalRef}",
			"PUT /api/v1/contacts/{externalRef}/dates/{kind}",
			"PUT /api/v1/contacts/{externalRef}/dates/{kind}/{label}", "POST /api/v1/suppressions");

	private static final Set<String> ACCEPTED = Set.of("POST /api/v1/templates/{key}/test-send");

	private static final Map<String, String> ERRORS = new LinkedHashMap<>();

	static {
		ERRORS.put("400", "Bad input: the problem's field names the culprit.");
		ERRORS.put("401", "No or an unknown credential.");
		ERRORS.put("403", "A valid credential of the wrong kind.");
		ERRORS.put("404", "No such resource (or route).");
		ERRORS.put("409", "In conflict with the resource's current state.");
		ERRORS.put("413", "The body is over 16 MB.");
		ERRORS.put("415", "A content type the operation does not take.");
		ERRORS.put("422", "Well-formed but not acceptable, e.g. a template that does not render.");
		ERRORS.put("429", "Too many requests: retry after the Retry-After header.");
		ERRORS.put("500", "An unexpected error.");
		ERRORS.put("503", "Temporarily unavailable: retry later.");
	}

	private static final Set<String> BODY_ERRORS = Set.of("413", "415");

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas("Problem", problemSchema());
		openApi.setTags(FEATURES.values().stream().distinct().map((name) -> new Tag().name(name)).toList());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			String name = method.name() + " " + path;
			document(name, path, method, operation);
		}));
	}

	private static void document(String name, String path, PathItem.HttpMethod method, Operation operation) {
		String feature = feature(path);
		operation.setTags((feature != null) ? List.of(feature) : List.of());
		if (operation.getSummary() == null) {
			operation.setSummary(SUMMARIES.get(name));
		}
		if (operation.getDescription() == null && operation.getSummary() != null) {
			boolean admin = path.startsWith("/api/v1/partners") || path.startsWith("/api/v1/outbox");
			operation.setDescription(
					operation.getSummary() + ". " + (admin ? "Needs the admin token." : "Needs a partner's API key."));
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		responses.values().forEach((response) -> plainMediaType(response, path));
		ApiResponse ok = responses.get("200");
		if (path.endsWith(".csv") && ok != null && (ok.getContent() == null || ok.getContent().isEmpty())) {
			ok.content(new Content().addMediaType("text/csv", new MediaType().schema(new StringSchema())));
		}
		if (CREATED.contains(name) && ok != null) {
			responses.remove("200");
			responses.addApiResponse("201", ok.description("Created; Location names it."));
		}
		else if (CREATED_OR_OK.contains(name) && ok != null) {
			responses.addApiResponse("201",
					new ApiResponse().description("Created; Location names it.").content(ok.getContent()));
			ok.description("Replaced (or already there).");
		}
		else if (ACCEPTED.contains(name) && ok != null) {
			responses.remove("200");
			responses.addApiResponse("202", ok.description("Accepted: queued for sending."));
		}
		else if (method == PathItem.HttpMethod.DELETE && ok != null
				&& (ok.getContent() == null || ok.getContent().isEmpty() || isVoid(ok))) {
			responses.remove("200");
			responses.addApiResponse("204", new ApiResponse().description("Done; no content."));
		}
		boolean body = operation.getRequestBody() != null;
		ERRORS.forEach((status, description) -> {
			if (!body && BODY_ERRORS.contains(status)) {
				return;
			}
			ApiResponse error = responses.get(status);
			if (error == null) {
				error = new ApiResponse().description(description);
				responses.addApiResponse(status, error);
			}
			error.setContent(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
		});
	}

	private static boolean isVoid(ApiResponse response) {
		return response.getContent().values().stream().allMatch((media) -> media.getSchema() == null);
	}

	private static void plainMediaType(ApiResponse response, String path) {
		Content content = response.getContent();
		if (content == null || !content.containsKey("*/*")) {
			return;
		}
		MediaType media = content.remove("*/*");
		content.addMediaType(path.endsWith(".csv") ? "text/csv" : "application/json", media);
	}

	private static String feature(String path) {
		if (!path.startsWith("/api/v1/")) {
			return null;
		}
		String rest = path.substring("/api/v1/".length());
		int end = rest.length();
		for (char c : new char[] { '/', ':', '.' }) {
			int at = rest.indexOf(c);
			if (at >= 0 && at < end) {
				end = at;
			}
		}
		return FEATURES.get(rest.substring(0, end));
	}

	@SuppressWarnings("rawtypes")
	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type",
				new StringSchema().format("uri")
					.description(
							"A URI reference naming the kind of problem; about:blank when only the status says it.")
					.example("about:blank"));
		properties.put("title", new StringSchema().description("The status's short summary.").example("Bad Request"));
		properties.put("status", new IntegerSchema().description("The HTTP status.").example(400));
		properties.put("detail",
				new StringSchema().description("What went wrong, for a person.").example("did you mean firstName?"));
		properties.put("instance",
				new StringSchema().format("uri-reference")
					.description("The request's path.")
					.example("/api/v1/contacts/c-1"));
		properties.put("field",
				new StringSchema()
					.description(
							"On a 400: the field, row or parameter at fault (email, significantDates[0].day, row 7).")
					.example("firstname"));
		return new ObjectSchema().description("An RFC 9457 problem; every error is one.").properties(properties);
	}

}
