package io.gratitude;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests in a real browser: Debian's headless Chromium driven by Selenium
 * through Debian's chromedriver (no Selenium Manager, nothing downloaded), against the
 * application on its random port. Tagged {@code browser}, so the default test run leaves
 * them out; run them with {@code mvn verify -Pbrowser} (or one with
 * {@code -Dsurefire.excludedGroups=mysql -Dtest=...}). Without Chromium they are skipped,
 * unless {@code CI=true}, where a missing browser fails them.
 * <p>
 * Every test gets a fresh browser with a fresh profile; {@link #screenshot} saves PNGs
 * under {@code target/screenshots/}.
 */
@Tag("browser")
public abstract class BrowserTest extends IntegrationTest {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where {@link #screenshot} saves its PNGs. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	protected WebDriver browser;

	private ChromeDriverService service;

	private Path profile;

	@BeforeEach
	void startBrowser() throws IOException {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
					+ " (Debian packages chromium and chromium-driver); CI=true, so they may not be skipped");
		}
		Assumptions.assumeTrue(installed, "Browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
				+ " is missing (apt-get install chromium chromium-driver)");
		// never let Selenium Manager look for (or download) a driver or a browser
		System.setProperty("SE_OFFLINE", "true");
		this.profile = Files.createTempDirectory("gratitude-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toString());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1366,900", "--user-data-dir=" + this.profile.toAbsolutePath());
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(this.service, options);
		this.browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterEach
	void stopBrowser() throws IOException {
		try {
			if (this.browser != null) {
				this.browser.quit();
			}
		}
		finally {
			if (this.service != null) {
				this.service.stop();
			}
			if (this.profile != null) {
				try (Stream<Path> files = Files.walk(this.profile)) {
					files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
				}
			}
		}
	}

	/** The application's URL for a path, e.g. {@code url("/console")}. */
	protected String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/** Opens a page of the application. */
	protected void open(String path) {
		this.browser.get(url(path));
	}

	/** A wait of up to 15 seconds, polling; use it instead of sleeping. */
	protected WebDriverWait waiting() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(15), Duration.ofMillis(50));
	}

	/** Signs in through the real sign-in form and waits until the console has opened. */
	protected void signIn(Credentials credentials) {
		open("/console/sign-in");
		WebElement email = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
		email.sendKeys(credentials.email());
		this.browser.findElement(By.id("password")).sendKeys(credentials.password());
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		waiting().until((driver) -> !driver.getCurrentUrl().contains("/console/sign-in"));
		assertThat(this.browser.findElements(By.cssSelector(".topbar-user .user-name"))).isNotEmpty();
	}

	/**
	 * Clicks the element once it is clickable, scrolled to the middle of the window first
	 * so that the sticky top bar cannot cover it.
	 */
	protected WebElement click(By locator) {
		WebElement element = waiting().until(ExpectedConditions.elementToBeClickable(locator));
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
		element.click();
		return element;
	}

	/** Resizes the window, e.g. to a phone's 375 px width. */
	protected void resize(int width, int height) {
		this.browser.manage().window().setSize(new Dimension(width, height));
	}

	/** Saves a screenshot of the window as {@code target/screenshots/<name>.png}. */
	protected Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = ((ChromeDriver) this.browser).getScreenshotAs(OutputType.FILE);
			Path target = SCREENSHOTS.resolve(name + ".png");
			Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
