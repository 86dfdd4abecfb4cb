package io.gratitude.partner;

import java.math.BigDecimal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}),
 * generated from the controllers. {@link ApiCaller} parameters come from the bearer key,
 * not from the request, so they are left out of the document.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(ApiCaller.class);
		// Decimals are written as strings in plain notation (StrictJson), so that no
		// client's floating point rounds an amount.
		SpringDocUtils.getConfig()
			.replaceWithSchema(BigDecimal.class,
					new StringSchema().format("decimal")
						.example("100.00")
						.description("A decimal in plain notation, as a JSON string (\"100.00\"); "
								+ "a JSON number is accepted in requests too."));
	}

	@Bean
	OpenAPI gratitudeApi() {
		return new OpenAPI().info(new Info().title("Gratitude API")
			.version("v1")
			.description("Contacts, sales, programs, templates and the send log of a gratitude partner. "
					+ "Authenticate with `Authorization: Bearer` followed by a partner's API key; "
					+ "partner enrollment (`/api/v1/partners`) and the outbox (`/api/v1/outbox`) take the admin token instead. "
					+ "Every error is an RFC 9457 `application/problem+json` document (the `Problem` schema)."))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/**
	 * Summaries, feature tags, real statuses and problem+json errors on every operation.
	 */
	@Bean
	OpenApiCustomizer gratitudeApiOperations() {
		return new ApiOperations();
	}

}
