package io.gratitude.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest extends IntegrationTest {

	@Test
	void theOpenApiDocumentDescribesTheApiWithoutTheCallerParameter() {
		Api.Response docs = new Api(this.port, null).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.json().get("paths");
		assertThat(paths.has("/api/v1/sales")).isTrue();
		assertThat(paths.has("/api/v1/contacts/{externalRef}")).isTrue();
		assertThat(docs.raw().body()).doesNotContain("\"caller\"").doesNotContain("partnerId\",\"in\":\"query");
		assertThat(docs.json().get("components").get("securitySchemes").has("bearer")).isTrue();
		assertThat(new Api(this.port, null).get("/swagger-ui/index.html").status()).isEqualTo(200);
	}

	@Test
	void decimalsAreDocumentedAsStrings() {
		JsonNode schemas = new Api(this.port, null).get("/v3/api-docs").json().get("components").get("schemas");
		assertThat(schemas.get("SaleView").get("properties").get("amount").get("type").asString()).isEqualTo("string");
		assertThat(schemas.get("SaleBody").get("properties").get("amount").get("type").asString()).isEqualTo("string");
		assertThat(schemas.get("PromotionRules").get("properties").get("minSpend").get("type").asString())
			.isEqualTo("string");
	}

	private static final Set<String> FEATURES = Set.of("Contacts", "Sales", "Templates", "Programs", "Campaigns",
			"Send log", "API keys", "Partners", "Suppressions and bounces", "Forecast", "Stats", "Audit",
			"Staff digest", "Promotion rules", "Outbox");

	@Test
	void everyOperationHasASummaryAFeatureTagAndProblemErrors() {
		Api.Response docs = new Api(this.port, null).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		List<String> faults = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : docs.json().get("paths").properties()) {
			String route = path.getKey();
			if (route.startsWith("/console") || route.startsWith("/unsubscribe") || route.startsWith("/actuator")) {
				faults.add(route + ": not part of the API");
			}
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				String operation = entry.getKey().toUpperCase() + " " + route;
				JsonNode op = entry.getValue();
				if (op.path("summary").asString("").isBlank()) {
					faults.add(operation + ": no summary");
				}
				if (op.path("description").asString("").isBlank()) {
					faults.add(operation + ": no description");
				}
				if (op.path("tags").isEmpty()) {
					faults.add(operation + ": no tag");
				}
				op.path("tags").forEach((tag) -> {
					if (!FEATURES.contains(tag.asString())) {
						faults.add(operation + ": tag " + tag.asString() + " is no feature");
					}
				});
				boolean errors = false;
				for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
					String status = response.getKey();
					if (status.startsWith("4") || status.startsWith("5")) {
						errors = true;
						JsonNode content = response.getValue().path("content");
						if (!content.has("application/problem+json") || content.size() != 1) {
							faults.add(operation + ": " + status + " is not application/problem+json");
						}
					}
					if (response.getValue().path("content").has("*/*")) {
						faults.add(operation + ": " + status + " answers */*");
					}
				}
				if (!errors) {
					faults.add(operation + ": no error responses");
				}
			}
		}
		assertThat(faults).isEmpty();
		JsonNode problem = docs.json().get("components").get("schemas").get("Problem");
		assertThat(problem).isNotNull();
		assertThat(problem.get("properties").has("field")).isTrue();
		assertThat(docs.json().get("info").get("description").asString()).doesNotContain("<API key>");
	}

}
