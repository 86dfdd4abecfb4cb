package io.gratitude.system;

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

}
