package io.gratitude;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the running application, as a partner's system would call it. */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final String token;

	public Api(int port, String token) {
		this.base = "http://localhost:" + port;
		this.token = token;
	}

	/** The bearer credential this client sends (null: none). */
	public String token() {
		return this.token;
	}

	public Api as(String otherToken) {
		return new Api(Integer.parseInt(this.base.substring(this.base.lastIndexOf(':') + 1)), otherToken);
	}

	/** A response: status, headers and the JSON body (MissingNode when empty). */
	public record Response(int status, HttpResponse<String> raw, JsonNode json) {

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	public Response post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response put(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response patch(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE());
	}

	/** Any request with an explicit content type. */
	public Response send(String method, String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A form POST without credentials, as a mail client's one-click unsubscribe. */
	public Response postForm(String absoluteUrl, String form) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(absoluteUrl))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response, JSON.missingNode());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Response send(HttpRequest.Builder request) {
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			JsonNode json = (body == null || body.isBlank()
					|| !body.strip().startsWith("{") && !body.strip().startsWith("[")) ? JSON.missingNode()
							: JSON.readTree(body);
			return new Response(response.statusCode(), response, json);
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
