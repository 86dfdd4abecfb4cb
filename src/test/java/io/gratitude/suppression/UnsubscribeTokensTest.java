package io.gratitude.suppression;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.gratitude.Forgery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsubscribe tokens against forgery, replay for another contact, and secret rotation.
 */
class UnsubscribeTokensTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-03-10T12:00:00Z"), ZoneOffset.UTC);

	private JdbcClient jdbc;

	@BeforeEach
	void database() {
		this.jdbc = JdbcClient
			.create(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
		this.jdbc
			.sql("CREATE TABLE instance_secret (name VARCHAR(40) PRIMARY KEY, secret VARCHAR(200) NOT NULL,"
					+ " created_at BIGINT NOT NULL)")
			.update();
	}

	@Test
	void aTokenNamesItsContactAndNothingElse() {
		UnsubscribeTokens tokens = tokens("current-secret-0123456789");
		String token = tokens.tokenFor(7, 4242);

		assertThat(tokens.verify(token)).contains(new UnsubscribeTokens.Subject(7, 4242));
		// Two fixed-size parts: 16 bytes of ids, 16 of signature; no address, no name.
		assertThat(token).matches("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");
		assertThat(tokens.pageUrl(7, 4242)).isEqualTo("https://g.example/unsubscribe/" + token);
	}

	@Test
	void aTokenCannotBeForgedOrMovedToAnotherContact() {
		UnsubscribeTokens tokens = tokens("current-secret-0123456789");
		String mine = tokens.tokenFor(7, 4242);
		String signature = mine.substring(mine.indexOf('.') + 1);

		// Another contact's ids under my signature; my ids under another's signature.
		assertThat(tokens.verify(payload(7, 4243) + "." + signature)).isEmpty();
		assertThat(tokens.verify(payload(8, 4242) + "." + signature)).isEmpty();
		String theirs = tokens.tokenFor(7, 4243);
		assertThat(tokens.verify(payload(7, 4242) + theirs.substring(theirs.indexOf('.')))).isEmpty();
		// Signed with a secret the service does not know.
		assertThat(tokens.verify(tokens("attacker-secret-0123456789").tokenFor(7, 4243))).isEmpty();
		// Mangled.
		assertThat(tokens.verify(mine.substring(0, mine.length() - 1))).isEmpty();
		assertThat(tokens.verify(mine + "A")).isEmpty();
		assertThat(tokens.verify(mine.replace(".", ""))).isEmpty();
		assertThat(tokens.verify(mine + ".x")).isEmpty();
		assertThat(tokens.verify(payload(7, 4242) + ".")).isEmpty();
		assertThat(tokens.verify("")).isEmpty();
		assertThat(tokens.verify("%%%.%%%")).isEmpty();
	}

	@Test
	void everyFlippedBitOfTheSignatureOrOfTheIdsIsRefused() {
		UnsubscribeTokens tokens = tokens("current-secret-0123456789");
		String mine = tokens.tokenFor(7, 4242);

		for (int bit = 0; bit < 128; bit++) {
			assertThat(tokens.verify(Forgery.withSignatureBitFlipped(mine, bit))).as("signature bit %d", bit).isEmpty();
			assertThat(tokens.verify(Forgery.withPayloadBitFlipped(mine, bit))).as("payload bit %d", bit).isEmpty();
		}
		// Flipping one bit of a previous secret's token does not pass either.
		UnsubscribeTokens rotated = new UnsubscribeTokens("second-secret-0123456789",
				List.of("current-secret-0123456789"), "https://g.example", this.jdbc, CLOCK);
		assertThat(rotated.verify(mine)).isPresent();
		assertThat(rotated.verify(Forgery.withSignatureBitFlipped(mine, 127))).isEmpty();
	}

	/**
	 * One token, one spelling: base64url text whose last character differs only in the
	 * bits a decoder ignores (or that carries padding) decodes to the same bytes, and is
	 * refused, so a token is never accepted under a string the service did not write.
	 */
	@Test
	void aTokenSpelledOtherwiseThanTheServiceWroteItIsRefused() {
		UnsubscribeTokens tokens = tokens("current-secret-0123456789");
		String mine = tokens.tokenFor(7, 4242);
		String payload = mine.substring(0, mine.indexOf('.'));
		String signature = mine.substring(mine.indexOf('.') + 1);
		String otherSignature = Forgery.withUnusedBitsSet(signature);
		String otherPayload = Forgery.withUnusedBitsSet(payload);

		// The same bytes under another string.
		assertThat(otherSignature).isNotEqualTo(signature);
		assertThat(Base64.getUrlDecoder().decode(otherSignature)).isEqualTo(Base64.getUrlDecoder().decode(signature));
		assertThat(Base64.getUrlDecoder().decode(otherPayload)).isEqualTo(Base64.getUrlDecoder().decode(payload));
		assertThat(tokens.verify(mine)).isPresent();
		assertThat(tokens.verify(payload + "." + otherSignature)).isEmpty();
		assertThat(tokens.verify(otherPayload + "." + signature)).isEmpty();
		assertThat(tokens.verify(mine + "==")).isEmpty();
		assertThat(tokens.verify(payload + "==." + signature)).isEmpty();
	}

	@Test
	void aRotatedSecretKeepsOldLinksWorkingWhileListedAndSignsNothingNew() {
		String before = tokens("first-secret-0123456789").tokenFor(7, 4242);
		UnsubscribeTokens rotated = new UnsubscribeTokens("second-secret-0123456789",
				List.of("first-secret-0123456789"), "https://g.example", this.jdbc, CLOCK);

		assertThat(rotated.verify(before)).contains(new UnsubscribeTokens.Subject(7, 4242));
		assertThat(rotated.tokenFor(7, 4242)).isNotEqualTo(before)
			.isEqualTo(tokens("second-secret-0123456789").tokenFor(7, 4242));
		// Once the old secret is dropped from the list, its links stop working.
		assertThat(tokens("second-secret-0123456789").verify(before)).isEmpty();
	}

	@Test
	void theGeneratedSecretIsSharedAndStillVerifiesOnceASecretIsConfigured() {
		UnsubscribeTokens generated = tokens("");
		String before = generated.tokenFor(7, 4242);

		assertThat(tokens("").verify(before)).as("another node, the same database")
			.contains(new UnsubscribeTokens.Subject(7, 4242));
		UnsubscribeTokens configured = tokens("configured-secret-0123456789");
		assertThat(configured.verify(before)).contains(new UnsubscribeTokens.Subject(7, 4242));
		assertThat(configured.tokenFor(7, 4242)).isNotEqualTo(before);
	}

	private UnsubscribeTokens tokens(String secret) {
		return new UnsubscribeTokens(secret, List.of(), "https://g.example/", this.jdbc, CLOCK);
	}

	private static String payload(long partnerId, long contactId) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(ByteBuffer.allocate(16).putLong(partnerId).putLong(contactId).array());
	}

}
