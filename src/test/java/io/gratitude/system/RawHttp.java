package io.gratitude.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, with the request line sent byte for byte as given:
 * {@code java.net.URI} and HTTP clients refuse or normalise the very paths an attacker
 * sends ({@code \}, {@code %00}, {@code //}, dot segments).
 */
final class RawHttp {

	private RawHttp() {
	}

	/** What came back: status, headers (names in lower case) and the body as text. */
	record Answer(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
		}

	}

	static Answer send(int port, String method, String rawPath, Map<String, String> headers, String body) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(15_000);
			byte[] content = body.getBytes(StandardCharsets.UTF_8);
			StringBuilder request = new StringBuilder().append(method)
				.append(' ')
				.append(rawPath)
				.append(" HTTP/1.1\r\nHost: localhost:")
				.append(port)
				.append("\r\nConnection: close\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			if (content.length > 0 || !method.equals("GET")) {
				request.append("Content-Length: ").append(content.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + rawPath + ": " + ex, ex);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		return all.toByteArray();
	}

	private static Answer parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		String head = (end < 0) ? text : text.substring(0, end);
		String[] lines = head.split("\r\n");
		String[] statusLine = lines[0].split(" ", 3);
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
			throw new IllegalStateException("Not an HTTP answer: " + lines[0]);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		return new Answer(Integer.parseInt(statusLine[1]), headers, (end < 0) ? "" : text.substring(end + 4));
	}

}
