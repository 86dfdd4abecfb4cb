package io.gratitude.staff;

import io.gratitude.system.InvalidField;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The console's first administrator ({@code gratitude.console.admin-email}, default
 * {@code admin@gratitude.local}). With {@code GRATITUDE_CONSOLE_ADMIN_PASSWORD} set, the
 * account has that password at every start (so an operator who lost it sets it again);
 * without, a password is generated once, logged once and written to
 * {@code <data-dir>/console-admin-password}, as the admin token is.
 */
@Component
class ConsoleAdminAccount {

	private static final Logger log = LoggerFactory.getLogger(ConsoleAdminAccount.class);

	private final StaffUsers users;

	private final String email;

	private final String configuredPassword;

	private final Path dataDir;

	ConsoleAdminAccount(StaffUsers users, @Value("${gratitude.console.admin-email:admin@gratitude.local}") String email,
			@Value("${gratitude.console.admin-password:}") String configuredPassword,
			@Value("${gratitude.data-dir:./data}") Path dataDir) {
		this.users = users;
		this.email = email;
		this.configuredPassword = configuredPassword;
		this.dataDir = dataDir;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	void ensureAdmin() throws IOException {
		if (!this.configuredPassword.isEmpty()) {
			// Every node of a cluster does this at start, possibly at the same moment:
			// the
			// one that loses the race to create the account sets the password instead.
			var existing = this.users.findByEmail(this.email);
			if (existing.isEmpty()) {
				try {
					this.users.create(null, this.email, "Administrator", StaffRole.ADMIN, this.configuredPassword);
					log.info("Console administrator {} created with the configured password", this.email);
					return;
				}
				catch (InvalidField ex) {
					existing = this.users.findByEmail(this.email);
					if (existing.isEmpty()) {
						throw ex;
					}
				}
			}
			if (!this.users.hasPassword(existing.get().id(), this.configuredPassword)) {
				// Changed in the configuration (a lost password): signs the admin out
				// everywhere. An unchanged one leaves sessions alone across restarts.
				this.users.setPassword(existing.get().id(), this.configuredPassword);
			}
			return;
		}
		if (this.users.findByEmail(this.email).isPresent()) {
			return;
		}
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		try {
			this.users.create(null, this.email, "Administrator", StaffRole.ADMIN, password);
		}
		catch (InvalidField ex) {
			return; // another node created it just now, and wrote its password down
		}
		Path file = this.dataDir.resolve("console-admin-password");
		Files.createDirectories(this.dataDir);
		Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		log.warn(
				"No GRATITUDE_CONSOLE_ADMIN_PASSWORD configured: console administrator {} created with a generated "
						+ "password, in {}; sign in at /console and change it, or set one for production",
				this.email, file.toAbsolutePath());
	}

}
