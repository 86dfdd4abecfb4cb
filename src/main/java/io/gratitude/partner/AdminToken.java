package io.gratitude.partner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's token for partner enrollment ({@code GRATITUDE_ADMIN_TOKEN}). When none
 * is configured one is generated at start, logged once and written to
 * {@code <data-dir>/admin-token} so that the zero-set-up run can be driven with curl.
 */
@Component
class AdminToken {

	private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

	private final byte[] token;

	AdminToken(@Value("${gratitude.admin-token:}") String configured,
			@Value("${gratitude.data-dir:./data}") Path dataDir) throws IOException {
		String value = configured.strip();
		Path file = dataDir.resolve("admin-token");
		if (value.isEmpty() && Files.isReadable(file)) {
			// Generated on an earlier start of this installation: keep it, so scripts
			// keep working.
			value = Files.readString(file, StandardCharsets.UTF_8).strip();
			log.warn(
					"No GRATITUDE_ADMIN_TOKEN configured: using the generated admin token in {}; set one for production",
					file.toAbsolutePath());
		}
		if (value.isEmpty()) {
			byte[] bytes = new byte[24];
			new SecureRandom().nextBytes(bytes);
			value = "adm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			Files.createDirectories(dataDir);
			Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
			restrictToOwner(file);
			// The file only: a secret in a log travels to wherever logs are shipped.
			log.warn("No GRATITUDE_ADMIN_TOKEN configured: generated an admin token into {}; set one for production",
					file.toAbsolutePath());
		}
		this.token = value.getBytes(StandardCharsets.UTF_8);
	}

	boolean matches(String presented) {
		return MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8));
	}

	private static void restrictToOwner(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

}
