package io.gratitude;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What monitoring and orchestrators see, over real HTTP and without credentials: health
 * with its database, mail and scheduler checks, the liveness and readiness groups, build
 * info and the Prometheus scrape.
 */
class ActuatorTest extends IntegrationTest {

	private Api anonymous() {
		return new Api(this.port, null);
	}

	@Test
	void healthReportsTheDatabaseTheMailServerAndTheSchedulerUpWithoutDetailsOrCredentials() {
		Api.Response health = anonymous().get("/actuator/health");

		assertThat(health.status()).as(health.raw().body()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
		JsonNode components = health.json().get("components");
		for (String component : List.of("db", "mail", "scheduler", "livenessState", "readinessState")) {
			assertThat(components.get(component).get("status").asString()).as(component).isEqualTo("UP");
			// Details (database product, mail server address) are for the private
			// management port only.
			assertThat(components.get(component).has("details")).as(component).isFalse();
		}
	}

	@Test
	void livenessWatchesOnlyTheProcessAndReadinessTheDatabaseAndTheSchedulerButNotMail() {
		Api.Response liveness = anonymous().get("/actuator/health/liveness");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(names(liveness.json().get("components"))).containsExactly("livenessState");

		Api.Response readiness = anonymous().get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(names(readiness.json().get("components"))).containsExactlyInAnyOrder("db", "readinessState",
				"scheduler");

		// The same groups on the main port, where load balancers look, whatever
		// management.server.port says.
		assertThat(anonymous().get("/livez").status()).isEqualTo(200);
		Api.Response readyz = anonymous().get("/readyz");
		assertThat(readyz.status()).isEqualTo(200);
		assertThat(names(readyz.json().get("components"))).containsExactlyInAnyOrder("db", "readinessState",
				"scheduler");
	}

	@Test
	void infoShowsTheBuildAndTheJavaRuntime() {
		Api.Response info = anonymous().get("/actuator/info");

		assertThat(info.status()).isEqualTo(200);
		JsonNode build = info.json().get("build");
		assertThat(build.get("artifact").asString()).isEqualTo("gratitude");
		assertThat(build.get("group").asString()).isEqualTo("io.gratitude");
		assertThat(build.get("version").asString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
		assertThat(build.get("time").asString()).isNotBlank();
		assertThat(info.json().get("java").get("version").asString()).isNotBlank();
	}

	@Test
	void prometheusScrapesTheQueueGaugesAndTheJvmWithTheApplicationTag() {
		Prometheus scrape = Prometheus.scrape(this.port);

		for (String status : List.of("SCHEDULED", "SENDING", "RETRY", "HELD")) {
			assertThat(scrape.value("gratitude_outreach_queue_depth", "status", status, "application", "gratitude"))
				.as(status)
				.isGreaterThanOrEqualTo(0);
		}
		assertThat(scrape.samples("gratitude_outreach_queue_depth")).hasSize(4);
		assertThat(scrape.value("gratitude_outreach_oldest_due_age_seconds", "application", "gratitude"))
			.isGreaterThanOrEqualTo(0);
		assertThat(scrape.text()).contains("# HELP gratitude_outreach_queue_depth outreach rows waiting or being sent");
		assertThat(scrape.samples("jvm_memory_used_bytes")).isNotEmpty();
		assertThat(scrape.samples("hikaricp_connections_active")).isNotEmpty();
	}

	@Test
	void actuatorEndpointsThatChangeStateAreNotExposed() {
		for (String path : List.of("/actuator/env", "/actuator/loggers", "/actuator/shutdown", "/actuator/quartz",
				"/actuator/heapdump", "/actuator/threaddump")) {
			assertThat(anonymous().get(path).status()).as(path).isEqualTo(404);
		}
	}

	private static List<String> names(JsonNode components) {
		return components.propertyNames().stream().toList();
	}

}
