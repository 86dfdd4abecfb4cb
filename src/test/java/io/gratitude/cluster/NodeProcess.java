package io.gratitude.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Gratitude node in a JVM of its own, started from the packaged jar the way an operator
 * runs it, with its output in {@code target/cluster/<name>-<port>.log}.
 */
final class NodeProcess implements AutoCloseable {

	static final String ADMIN_TOKEN = "cluster-test-admin-token";

	/** The console administrator's password (admin@gratitude.local) on every node. */
	static final String CONSOLE_PASSWORD = "cluster-console-password";

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private NodeProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a node on a free port with the application's {@code mysql} profile, on the
	 * given database and SMTP server, one of the cluster {@code gratitude-cluster}.
	 */
	static NodeProcess start(String name, String jdbcUrl, int smtpPort, String... extra) throws IOException {
		int port = FreePort.find();
		Path dir = Paths.get("target", "cluster").toAbsolutePath();
		Files.createDirectories(dir);
		Path log = dir.resolve(name + "-" + port + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString(),
				"--server.port=" + port, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + MariaDb.USER, "--spring.datasource.password=" + MariaDb.PASSWORD,
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort, "--gratitude.demo.enabled=false",
				"--gratitude.admin-token=" + ADMIN_TOKEN, "--gratitude.console.admin-password=" + CONSOLE_PASSWORD,
				"--gratitude.node-name=" + name, "--gratitude.data-dir=" + dir.resolve(name + "-data"),
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=gratitude-cluster",
				"--gratitude.outreach.dispatch-interval=200ms", "--gratitude.outreach.lease=20s",
				"--gratitude.outreach.recovery-interval=2s", "--gratitude.delivery.max-per-minute=0",
				"--logging.level.io.gratitude.dispatch.Dispatcher=WARN"));
		command.addAll(List.of(extra));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new NodeProcess(name, port, process, log);
	}

	/** The packaged jar (the integration-test phase runs after package). */
	static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Paths.get("target"))) {
			return files
				.filter(p -> p.getFileName().toString().matches("gratitude-.*\\.jar")
						&& !p.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no target/gratitude-*.jar: run mvn package first"))
				.toAbsolutePath();
		}
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	boolean alive() {
		return this.process.isAlive();
	}

	/** The HTTP status of a GET, or -1 when nothing answers. */
	int get(String path) {
		try {
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** Waits until the node answers its health endpoint with 200. */
	void awaitUp(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited: " + tail());
			}
			if (get("/actuator/health") == 200) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " not up after " + timeout + ": " + tail());
	}

	/** kill -9: no shutdown hook, no goodbye. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * SIGTERM, as an orchestrator stops a node, and waits for the JVM to exit.
	 * @return whether it exited within the timeout
	 */
	boolean terminate(Duration timeout) throws InterruptedException {
		this.process.destroy();
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The end of the node's output, for failure messages. */
	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** The node's whole output. */
	String output() throws IOException {
		return Files.readString(this.log);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

	/** A free TCP port on loopback. */
	static final class FreePort {

		private FreePort() {
		}

		static int find() throws IOException {
			try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
				return socket.getLocalPort();
			}
		}

	}

}
