package io.gratitude;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person at the console over real HTTP, without a browser: a cookie jar (the session),
 * redirects followed as a browser follows them, and every form POST carrying the CSRF
 * token of the last page seen, as the console's own forms do. Pages are parsed with jsoup
 * for assertions on what a user would see.
 */
public final class ConsoleClient {

	// What a browser asks for when it opens a page or submits a form.
	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final HttpClient http;

	private final String base;

	private final CookieManager cookies;

	private String csrf = "";

	public ConsoleClient(int port) {
		this(port, new CookieManager());
	}

	/** A client whose cookies the caller can look at. */
	public ConsoleClient(int port, CookieManager cookies) {
		this.base = "http://localhost:" + port;
		this.cookies = cookies;
		this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** A page after redirects: final status, final path, body and the parsed document. */
	public record Page(int status, String path, HttpResponse<String> raw, Document doc) {

		public String text() {
			return this.doc.text();
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		/** The one element the CSS selector names (fails when there is none). */
		public Element one(String selector) {
			Element element = this.doc.selectFirst(selector);
			assertThat(element).as("element %s on %s", selector, this.path).isNotNull();
			return Objects.requireNonNull(element);
		}

	}

	/** The session's CSRF token, from the last page that carried one. */
	public String csrfToken() {
		return this.csrf;
	}

	/** The {@code Cookie} header this client sends (the session), for raw requests. */
	public String cookieHeader() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map(cookie -> cookie.getName() + "=" + cookie.getValue())
			.collect(java.util.stream.Collectors.joining("; "));
	}

	/** Signs in through the sign-in form; the page is where the console lands. */
	public Page signIn(String email, String password) {
		get("/console/sign-in");
		return post("/console/sign-in", "email", email, "password", password);
	}

	public Page get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", BROWSER_ACCEPT).GET());
	}

	/** A form POST (name, value, name, value...) with the session's CSRF token. */
	public Page post(String path, String... nameValues) {
		return postRaw(path, true, nameValues);
	}

	/** A form POST without the CSRF token, as a forged cross-site form would send it. */
	public Page postWithoutCsrf(String path, String... nameValues) {
		return postRaw(path, false, nameValues);
	}

	/** A JSON POST with the CSRF header, as the console's scripts send it. */
	public Page postJson(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", this.csrf)
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private Page postRaw(String path, boolean withCsrf, String... nameValues) {
		List<String> pairs = new ArrayList<>();
		if (withCsrf) {
			pairs.add("_csrf=" + encode(this.csrf));
		}
		for (int i = 0; i + 1 < nameValues.length; i += 2) {
			pairs.add(encode(nameValues[i]) + "=" + encode(nameValues[i + 1]));
		}
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", BROWSER_ACCEPT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
	}

	private Page send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			int hops = 0;
			while (response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
				if (++hops > 10) {
					throw new IllegalStateException("Too many redirects from " + response.uri());
				}
				URI next = response.uri().resolve(response.headers().firstValue("Location").get());
				response = this.http.send(HttpRequest.newBuilder(next).header("Accept", BROWSER_ACCEPT).GET().build(),
						HttpResponse.BodyHandlers.ofString());
			}
			Document doc = Jsoup.parse(response.body(), response.uri().toString());
			Element token = doc.selectFirst("meta[name=_csrf]");
			if (token == null) {
				token = doc.selectFirst("input[name=_csrf]");
			}
			if (token != null) {
				this.csrf = token.hasAttr("content") ? token.attr("content") : token.attr("value");
			}
			String path = response.uri().getRawPath()
					+ ((response.uri().getRawQuery() != null) ? "?" + response.uri().getRawQuery() : "");
			return new Page(response.statusCode(), path, response, doc);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
