package io.gratitude.template;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17: one template expression must not burn the CPU or stall the JVM. Over HTTP, as
 * a partner would: each CPU-heavy built-in is refused within the render time limit (1 s
 * here), the render threads stop using CPU within a second of the answer, and
 * {@code /livez} answers within 200 ms throughout; previews beyond the pool are refused
 * with 503 and never run more renders at once than the pool has threads; and the
 * formatting built-ins with arguments work in the preview and in the message sent.
 */
class RenderBoundsApiTest extends IntegrationTest {

	/** {@code gratitude.templates.render-threads}' default. */
	private static final int POOL = 2;

	/** {@code gratitude.templates.render-queue}'s default. */
	private static final int QUEUE = 4;

	private static final String BIG_TEXT = "<#assign t=\"a\"><#list 1..19 as i><#assign t=t+t></#list>"
			+ "<#assign p=\"a\"><#list 1..18 as i><#assign p=p+p></#list>";

	@Autowired
	MeterRegistry meters;

	@ParameterizedTest
	@ValueSource(strings = { "${(1..400000000)?seq_contains(-1)?c}", "${(1..)?seq_index_of(-1)}",
			"${(0..*400000000)?join(\",\")}", "${(1..400000000)?sort?first}", BIG_TEXT + "${t?index_of(p)}",
			BIG_TEXT + "${t?replace(p, \"b\")}", BIG_TEXT + "${t?split(p)?size}",
			"${\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"?matches(\"(.*a){10}x\")?c}", "${\"7\"?left_pad(2000000000, \"0\")}",
			"${\"1e999999999\"?number + 1}",
			"<#assign s = [1]><#list 1..60 as i><#assign s = s + s></#list>${s?size}" })
	void aCpuHeavyBuiltInIsRefusedInTimeAndStopsBurningTheCpu(String attack) throws Exception {
		Api shop = enroll("UTC", "09:00", "18:00");
		saveDraft(shop, "attack", attack);
		LivezProbe livez = new LivezProbe(this.port);

		long start = System.nanoTime();
		Api.Response preview = shop.post("/api/v1/templates/attack/preview", "{}");
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(preview.status()).as(preview.raw().body()).isEqualTo(422);
		assertThat(preview.header("Content-Type")).startsWith("application/problem+json");
		// the render time limit here is 1s
		assertThat(took).isLessThan(Duration.ofMillis(1500));
		renderThreadsStopUsingTheCpuWithinASecond();
		// polled from before the preview until the render threads were quiet
		assertThat(livez.stop()).as("slowest /livez").isLessThan(Duration.ofMillis(200));
		javaThreadsStopUsingTheCpuWithinASecond();
	}

	@Test
	void previewsBeyondThePoolAreRefusedWith503AndNeverRunMoreRendersThanItsThreads() throws Exception {
		Api shop = enroll("UTC", "09:00", "18:00");
		// runs its whole time limit (1s), interruptibly
		saveDraft(shop, "slow", "<#list 1..2147483647 as i></#list>");
		int previews = POOL + QUEUE + 6;
		AtomicLong mostActive = new AtomicLong();
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				mostActive.accumulateAndGet((long) Math.max(activeRenders(), renderThreads()), Math::max);
				Thread.onSpinWait();
			}
		});
		sampler.start();
		ExecutorService callers = Executors.newFixedThreadPool(previews);
		try {
			List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
			for (int i = 0; i < previews; i++) {
				answers.add(CompletableFuture.supplyAsync(() -> shop.post("/api/v1/templates/slow/preview", "{}"),
						callers));
			}
			List<Api.Response> responses = answers.stream().map(CompletableFuture::join).toList();

			List<Api.Response> refused = responses.stream().filter((r) -> r.status() == 503).toList();
			assertThat(refused).hasSizeGreaterThanOrEqualTo(previews - POOL - QUEUE);
			assertThat(responses).allSatisfy((r) -> assertThat(r.status()).isIn(422, 503));
			assertThat(refused).allSatisfy((r) -> {
				assertThat(r.header("Retry-After")).isEqualTo("1");
				assertThat(r.header("Content-Type")).startsWith("application/problem+json");
			});
		}
		finally {
			sampling.set(false);
			sampler.join();
			callers.shutdown();
		}
		assertThat(mostActive.get()).isPositive().isLessThanOrEqualTo(POOL);
		assertThat(this.meters.get("gratitude.templates.renders.rejected").functionCounter().count())
			.isGreaterThanOrEqualTo(previews - POOL - QUEUE);
	}

	@Test
	void formattingBuiltInsWithArgumentsWorkInThePreviewAndInTheMessageSent() throws Exception {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		String formatted = "${sale.amount?number?string(\"0.00\")}|${[\"rye\", \"spelt\"]?join(\", \")}"
				+ "|${\"7\"?left_pad(2, \"0\")}|${contact.firstName?right_pad(6, \".\")}|${true?string(\"yes\", \"no\")}"
				+ "|${\"a-b\"?replace(\"-\", \"+\")}|${\"Rosa's Bakery\"?keep_before(\" \")}"
				+ "|${\"2027-03-10\"?date(\"yyyy-MM-dd\")?string(\"d MMMM yyyy\")}";
		Api.Response draft = shop.put("/api/v1/templates/after-sale-thanks", "{\"subject\":\"Thanks\",\"html\":\"<p>"
				+ json(formatted) + "</p>\",\"text\":\"" + json(formatted) + "\"}");
		assertThat(draft.status()).as(draft.raw().body()).isEqualTo(201);

		Api.Response preview = shop.post("/api/v1/templates/after-sale-thanks/preview",
				"{\"sampleData\":{\"sale\":{\"amount\":\"12\"},\"contact\":{\"firstName\":\"Ana\"}}}");
		assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
		assertThat(preview.json().get("text").asString())
			.isEqualTo("12.00|rye, spelt|07|Ana...|yes|a+b|Rosa's|10 March 2027");

		Api.Response published = shop.post("/api/v1/templates/after-sale-thanks/publish", "{}");
		assertThat(published.status()).as(published.raw().body()).isEqualTo(200);
		String email = uniqueEmail("maria");
		shop.put("/api/v1/contacts/c-1", "{\"email\":\"%s\",\"firstName\":\"Maria\"}".formatted(email));
		assertThat(shop.post("/api/v1/sales", """
				{"externalRef":"ORD-1","contactRef":"c-1","amount":12.5,"currency":"EUR",
				 "occurredAt":"2027-03-10T11:58:00Z","description":"a rye loaf"}""").status()).isEqualTo(201);
		eventually().until(() -> TestMail.to(email).size() == 1);
		MimeMessage sent = TestMail.to(email).get(0);
		assertThat((String) ((Multipart) sent.getContent()).getBodyPart(0).getContent())
			.contains("12.50|rye, spelt|07|Maria.|yes|a+b|Rosa's|10 March 2027");
	}

	private static void saveDraft(Api partner, String key, String html) {
		Api.Response draft = partner.put("/api/v1/templates/" + key,
				"{\"subject\":\"Hi\",\"html\":\"" + json(html) + "\",\"text\":\"Hi\"}");
		assertThat(draft.status()).as(draft.raw().body()).isEqualTo(201);
	}

	private static String json(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	/**
	 * The CPU time of the render threads (the JVM counts it per thread) stops growing: a
	 * built-in still spinning after its render was refused would add a full core's.
	 */
	private static void renderThreadsStopUsingTheCpuWithinASecond() {
		cpuStopsGrowingWithinASecond((before, now) -> now[1] - before[1] < Duration.ofMillis(10).toNanos());
	}

	/**
	 * All the JVM's Java threads together use less than half a core: room for the app's
	 * own idle work (the scheduler polling every 100 ms) on a shared machine, and less
	 * than one spinning thread adds. Counted over Java threads (what ThreadMXBean sees)
	 * rather than the process, whose JIT and GC threads are busy for seconds after the
	 * app starts and would make the check flaky without showing anything of a render.
	 */
	private static void javaThreadsStopUsingTheCpuWithinASecond() {
		cpuStopsGrowingWithinASecond((before, now) -> now[2] - before[2] < (now[0] - before[0]) / 2);
	}

	private static void cpuStopsGrowingWithinASecond(BiPredicate<long[], long[]> quiet) {
		// each poll compares with the reading of the poll before, 200 ms earlier
		AtomicReference<long[]> last = new AtomicReference<>(cpuReading());
		await().atMost(Duration.ofSeconds(1))
			.pollDelay(Duration.ofMillis(200))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				long[] now = cpuReading();
				return quiet.test(last.getAndSet(now), now);
			});
	}

	/** Wall clock, render threads' CPU and all Java threads' CPU, in nanoseconds. */
	private static long[] cpuReading() {
		return new long[] { System.nanoTime(), renderThreadsCpuNanos(), javaThreadsCpuNanos() };
	}

	private static long renderThreadsCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("template-render-")) {
				@SuppressWarnings("deprecation") // threadId() is Java 19+
				long id = thread.getId();
				total += Math.max(0, threads.getThreadCpuTime(id));
			}
		}
		return total;
	}

	private static long javaThreadsCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long id : threads.getAllThreadIds()) {
			total += Math.max(0, threads.getThreadCpuTime(id));
		}
		return total;
	}

	private double activeRenders() {
		return this.meters.get("gratitude.templates.renders.active").gauge().value();
	}

	/**
	 * Render threads alive in the busiest pool (other applications of the test JVM have
	 * pools of their own): the pool is fixed, so never more than its size.
	 */
	private static long renderThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("template-render-") && thread.isAlive())
			.collect(Collectors.groupingBy((thread) -> thread.getName().substring(0, thread.getName().lastIndexOf('-')),
					Collectors.counting()))
			.values()
			.stream()
			.mapToLong(Long::longValue)
			.max()
			.orElse(0);
	}

	/** Polls {@code /livez} from its own thread and keeps the slowest answer. */
	private static final class LivezProbe {

		private static final Duration PROBE_EVERY = Duration.ofMillis(20);

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong slowestNanos = new AtomicLong();

		private final Thread thread;

		LivezProbe(int port) {
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livez")).build();
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					long start = System.nanoTime();
					try {
						HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
						if (response.statusCode() != 200) {
							this.slowestNanos.set(Long.MAX_VALUE);
						}
					}
					catch (Exception ex) {
						this.slowestNanos.set(Long.MAX_VALUE);
						return;
					}
					this.slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
					// a probe's pace, as a load balancer's: polling flat out would itself
					// keep a core busy and hide what the CPU check looks for
					LockSupport.parkNanos(PROBE_EVERY.toNanos());
				}
			}, "livez-probe");
			this.thread.start();
		}

		Duration stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
			return Duration.ofNanos(this.slowestNanos.get());
		}

	}

}
