package io.gratitude.staff;

import io.gratitude.system.HmacSha256;
import io.gratitude.system.InstanceSecrets;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sign-in throttling and lock-out. Every failed sign-in counts against the email typed
 * (whether or not an account has it, so that the answer tells no one which emails have
 * accounts) and against the client's address. After {@code max-failures} failures in a
 * row for one email, or {@code max-failures-per-address} from one address, that subject
 * is locked for {@code lock-out}: its sign-ins are refused before any password is
 * checked, even a right one. A successful sign-in clears the email's count, and so does a
 * new password set by a partner admin. The counts live in the database, so every node of
 * a cluster sees them; subjects are stored only as their HMAC under an instance secret.
 */
@Component
public class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private static final String SIGN_IN = "/console/sign-in";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final int maxFailures;

	private final int maxFailuresPerAddress;

	private final Duration lockOut;

	private volatile @Nullable HmacSha256 hashing;

	SignInThrottle(JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
			@Value("${gratitude.console.sign-in.max-failures:5}") int maxFailures,
			@Value("${gratitude.console.sign-in.max-failures-per-address:50}") int maxFailuresPerAddress,
			@Value("${gratitude.console.sign-in.lock-out:15m}") Duration lockOut) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.maxFailures = maxFailures;
		this.maxFailuresPerAddress = maxFailuresPerAddress;
		this.lockOut = lockOut;
	}

	/** How long a locked subject waits. */
	public Duration lockOut() {
		return this.lockOut;
	}

	/**
	 * The filter that refuses a locked subject's sign-in before the password is checked;
	 * it belongs in the console's filter chain, before the form sign-in.
	 */
	public OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return !("POST".equals(request.getMethod()) && SIGN_IN.equals(request.getServletPath()));
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				String email = request.getParameter("email");
				if (locked(emailSubject((email != null) ? email : "")) || (SignInThrottle.this.maxFailuresPerAddress > 0
						&& locked(addressSubject(request.getRemoteAddr())))) {
					response.sendRedirect(request.getContextPath() + SIGN_IN + "?locked");
					return;
				}
				chain.doFilter(request, response);
			}

		};
	}

	@EventListener
	void failed(AuthenticationFailureBadCredentialsEvent event) {
		Authentication attempt = event.getAuthentication();
		String email = String.valueOf(attempt.getPrincipal());
		if (fail(emailSubject(email), this.maxFailures)) {
			log.warn("Console sign-in locked for {} after {} failed attempts in a row: {}", describe(email),
					this.maxFailures, "refused until the lock-out of " + this.lockOut + " ends");
		}
		String address = addressOf(attempt);
		if (address != null && fail(addressSubject(address), this.maxFailuresPerAddress)) {
			log.warn("Console sign-in locked for client address {} after {} failed attempts: {}", address,
					this.maxFailuresPerAddress, "refused until the lock-out of " + this.lockOut + " ends");
		}
		// Subjects that stopped failing a day ago are of no more use.
		long now = this.clock.millis();
		this.jdbc
			.sql("DELETE FROM sign_in_throttle WHERE last_failure_at < ? AND (locked_until IS NULL "
					+ "OR locked_until < ?)")
			.params(now - Duration.ofDays(1).toMillis(), now)
			.update();
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof StaffPrincipal staff) {
			clear(staff.email());
		}
	}

	/** Forgets the failures of this email: it may sign in again at once. */
	void clear(String email) {
		this.jdbc.sql("DELETE FROM sign_in_throttle WHERE subject = ?").param(emailSubject(email)).update();
	}

	private boolean locked(String subject) {
		long now = this.clock.millis();
		return this.jdbc.sql("SELECT locked_until FROM sign_in_throttle WHERE subject = ?")
			.param(subject)
			.query(Long.class)
			.optional()
			.filter(until -> until > now)
			.isPresent();
	}

	/** Counts a failure; whether it locked the subject. */
	private boolean fail(String subject, int max) {
		if (max <= 0) {
			return false;
		}
		Boolean lockedNow = this.transactions.execute(status -> {
			long now = this.clock.millis();
			long window = now - this.lockOut.toMillis();
			int updated = this.jdbc.sql("""
					UPDATE sign_in_throttle
					SET failures = CASE WHEN last_failure_at >= ? THEN failures + 1 ELSE 1 END, last_failure_at = ?
					WHERE subject = ?""").params(window, now, subject).update();
			if (updated == 0) {
				try {
					this.jdbc.sql("INSERT INTO sign_in_throttle (subject, failures, last_failure_at) VALUES (?, 1, ?)")
						.params(subject, now)
						.update();
				}
				catch (DuplicateKeyException ex) {
					// Another attempt inserted it at the same moment: count on its row.
					this.jdbc
						.sql("UPDATE sign_in_throttle SET failures = failures + 1, last_failure_at = ? "
								+ "WHERE subject = ?")
						.params(now, subject)
						.update();
				}
			}
			int failures = this.jdbc.sql("SELECT failures FROM sign_in_throttle WHERE subject = ?")
				.param(subject)
				.query(Integer.class)
				.single();
			if (failures < max) {
				return false;
			}
			this.jdbc.sql("UPDATE sign_in_throttle SET failures = 0, locked_until = ? WHERE subject = ?")
				.params(now + this.lockOut.toMillis(), subject)
				.update();
			return true;
		});
		return Boolean.TRUE.equals(lockedNow);
	}

	private String describe(String email) {
		boolean known = this.jdbc.sql("SELECT COUNT(*) FROM staff_user WHERE email = ?")
			.param(normalized(email))
			.query(Long.class)
			.single() > 0;
		// An attacker types what they like: only an account's own email is worth a log
		// line.
		return known ? normalized(email) : "an email no account has";
	}

	private static @Nullable String addressOf(Authentication attempt) {
		return (attempt.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress() : null;
	}

	private String emailSubject(String email) {
		return mac("email:" + normalized(email));
	}

	private String addressSubject(String address) {
		return mac("address:" + address);
	}

	private static String normalized(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

	private String mac(String subject) {
		HmacSha256 current = this.hashing;
		if (current == null) {
			// Made on first use: the secret lives in the database.
			current = new HmacSha256(InstanceSecrets.storedOrGenerated(this.jdbc, this.clock, "sign-in-throttle"));
			this.hashing = current;
		}
		return HexFormat.of().formatHex(current.sign(subject));
	}

}
