package io.gratitude;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as README's quick start promises it: the zero-set-up run (demo data, the
 * embedded SMTP sink, its Outbox), signed in as the demo partner's admin with the
 * password README gives. Rosa opens a template, makes a FreeMarker mistake and sees it
 * marked, fixes it and sees the preview follow, publishes, sends herself a test, finds it
 * in the Outbox and in the outreach log, looks around and signs out. The screenshots in
 * docs/screenshots/ come from this test (target/screenshots/tour-*.png).
 */
class ConsoleTourBrowserTest extends BrowserTest {

	private static final String ROSA = "rosa@rosas-bakery.example";

	private ConfigurableApplicationContext defaultRun;

	private int defaultRunPort;

	@BeforeEach
	void startTheDefaultRun() throws IOException {
		List<String> args = new ArrayList<>(TestDatabase.arguments("tour-" + UUID.randomUUID(),
				"jdbc:h2:mem:tour-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
		args.addAll(List.of("--server.port=0", "--gratitude.demo.enabled=true",
				"--gratitude.data-dir=" + Path.of("target", "tour", UUID.randomUUID().toString()),
				"--gratitude.embedded-mail.smtp-port=" + freePort(),
				"--gratitude.embedded-mail.imap-port=" + freePort(), "--gratitude.outreach.dispatch-interval=200ms",
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=tour"));
		// No spring.mail.host: the embedded sink and its Outbox, as on a fresh machine.
		this.defaultRun = StandaloneApplication.start(Clock.systemUTC(), args.toArray(String[]::new));
		this.defaultRunPort = ((WebServerApplicationContext) this.defaultRun).getWebServer().getPort();
	}

	@AfterEach
	void stopTheDefaultRun() {
		if (this.defaultRun != null) {
			this.defaultRun.close();
		}
	}

	@Override
	protected String url(String path) {
		return "http://localhost:" + this.defaultRunPort + path;
	}

	@Test
	void rosaWritesAThankYouTestsItAndFindsItInTheOutboxAndTheLog() {
		signIn(new Credentials(ROSA, "thank-you-rosa"));
		String base = this.browser.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
		assertThat(base).matches("/console/partners/\\d+");

		// The dashboard: the demo's three thank-yous went out on their own.
		waiting().until((driver) -> {
			driver.navigate().refresh();
			return sentToday() >= 3;
		});
		screenshot("tour-dashboard");

		// The editor: a mistake is marked where it is; fixed, the preview follows.
		open(base + "/templates");
		click(By.linkText("Thank you after a purchase"));
		WebElement html = waiting()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".CodeMirror.cm-html")));
		waiting().until((driver) -> !srcdoc().isEmpty());
		html.findElement(By.cssSelector(".CodeMirror-lines")).click();
		new Actions(this.browser).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL).perform();
		new Actions(this.browser).sendKeys(Keys.ENTER, "<p>See you soon, ${contact.firstName</p>").perform();
		waiting().until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector(".CodeMirror.cm-html .fm-error-line .fm-error-mark")));
		assertThat(this.browser.findElement(By.id("preview-errors")).getText()).contains("HTML body, line");
		screenshot("tour-editor-error");
		new Actions(this.browser).sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, "}!</p>")
			.perform();
		waiting().until((driver) -> srcdoc().contains("See you soon, "));
		waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("preview-errors")));
		screenshot("tour-editor-preview");

		// Publish, then a test to my own address.
		click(By.id("publish"));
		assertThat(waiting()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#saved-message.alert-ok")))
			.getText()).startsWith("Published version 2.");
		assertThat(
				waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("test-to"))).getAttribute("value"))
			.isEqualTo(ROSA);
		click(By.id("send-test"));
		assertThat(
				waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#test-result.alert-ok")))
					.getText())
			.contains("Sent to " + ROSA);

		// The Outbox: the test is there, readable as a mail client shows it.
		click(By.linkText("Outbox"));
		WebElement test = waiting().until(ExpectedConditions.visibilityOfElementLocated(
				By.xpath("//table[@id='outbox']//a[starts-with(normalize-space(.), '[Test]')]")));
		screenshot("tour-outbox");
		test.click();
		waiting().until((driver) -> driver.findElement(By.tagName("main")).getText().contains(ROSA));
		screenshot("tour-outbox-message");

		// The outreach log: the test send, and the demo's thank-yous.
		click(By.linkText("Outreach log"));
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("log")));
		assertThat(this.browser.findElements(By.cssSelector("#log tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
		screenshot("tour-outreach-log");
		click(By.cssSelector("[data-testid=test-sends-tab]"));
		waiting().until((driver) -> driver.findElement(By.tagName("main")).getText().contains(ROSA));

		// A contact's timeline, the forecast, programs and settings.
		click(By.linkText("Contacts"));
		click(By.partialLinkText("Ana"));
		waiting().until((driver) -> driver.findElement(By.tagName("h1")).getText().contains("Ana"));
		screenshot("tour-contact");
		click(By.linkText("Forecast"));
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
		screenshot("tour-forecast");
		click(By.linkText("Programs"));
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
		screenshot("tour-programs");
		click(By.linkText("Settings"));
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
		screenshot("tour-settings");

		// On a phone: the menu folds away behind a button.
		resize(390, 844);
		open(base);
		WebElement menu = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".nav-toggle")));
		assertThat(this.browser.findElement(By.id("sidenav")).isDisplayed()).isFalse();
		screenshot("tour-phone-dashboard");
		menu.click();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sidenav")));
		resize(1366, 900);

		click(By.cssSelector("[data-testid=sign-out]"));
		waiting().until((driver) -> driver.getCurrentUrl().endsWith("/console/sign-in?signed-out"));
		open(base);
		waiting().until((driver) -> driver.getCurrentUrl().endsWith("/console/sign-in"));
	}

	private long sentToday() {
		List<WebElement> sent = this.browser
			.findElements(By.cssSelector("[data-testid=period] .stat[data-status=SENT] .stat-value"));
		return sent.isEmpty() ? 0 : Long.parseLong(sent.get(0).getText().strip());
	}

	private String srcdoc() {
		Object srcdoc = ((JavascriptExecutor) this.browser)
			.executeScript("return document.getElementById('preview-html').getAttribute('srcdoc') || ''");
		return String.valueOf(srcdoc);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
