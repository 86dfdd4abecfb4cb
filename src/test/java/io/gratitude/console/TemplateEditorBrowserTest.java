package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.BrowserTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template editor in headless Chromium: a staff member signs in, opens a template,
 * types a FreeMarker mistake and sees it marked where it is, fixes it and sees the
 * preview follow, publishes, sends a test to their own address and signs out.
 */
class TemplateEditorBrowserTest extends BrowserTest {

	@Test
	void aStaffMemberFixesAMistakeSeesThePreviewPublishesAndSendsATest() throws Exception {
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials me = staffUser(this.partnerId, StaffRole.STAFF);
		signIn(me);

		open("/console/partners/" + this.partnerId + "/templates");
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Birthday greeting")));
		screenshot("templates-list");
		click(By.linkText("Birthday greeting"));

		// the editor opens with the published texts and renders a first preview
		WebElement html = waiting()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".CodeMirror.cm-html")));
		waiting().until((driver) -> !srcdoc().isEmpty());
		assertThat(this.browser.findElement(By.id("preview-subject")).getText()).contains("Ana");
		screenshot("template-editor");

		// type a mistake at the end of the HTML body, through CodeMirror as a person
		// would
		html.findElement(By.cssSelector(".CodeMirror-lines")).click();
		new Actions(this.browser).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL).perform();
		new Actions(this.browser).sendKeys(Keys.ENTER, "<p>Dear ${contact.firstName</p>").perform();
		long lastLine = (Long) ((JavascriptExecutor) this.browser)
			.executeScript("return document.querySelector('.CodeMirror.cm-html').CodeMirror.lineCount();");

		WebElement mark = waiting().until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector(".CodeMirror.cm-html .fm-error-line .fm-error-mark")));
		assertThat(mark.getAttribute("data-line")).isEqualTo(String.valueOf(lastLine));
		assertThat(html.findElement(By.cssSelector(".fm-error-line .CodeMirror-linenumber")).getText())
			.isEqualTo(String.valueOf(lastLine));
		assertThat(html.findElements(By.cssSelector(".fm-error-marker"))).hasSize(1);
		WebElement errors = this.browser.findElement(By.id("preview-errors"));
		assertThat(errors.isDisplayed()).isTrue();
		assertThat(errors.getAttribute("role")).isEqualTo("alert");
		assertThat(errors.getText()).contains("HTML body, line " + lastLine);
		String lastGood = srcdoc();
		screenshot("template-editor-error");

		// fix it: the marks go away and the preview shows the new text
		new Actions(this.browser)
			.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, "}! The browser says hi</p>")
			.perform();
		waiting().until((driver) -> srcdoc().contains("Dear Ana! The browser says hi"));
		waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("preview-errors")));
		assertThat(this.browser.findElements(By.cssSelector(".fm-error-mark, .fm-error-line, .fm-error-marker")))
			.isEmpty();
		assertThat(lastGood).doesNotContain("The browser says hi");
		screenshot("template-editor-preview");

		// the text part and the phone width
		click(By.cssSelector("button[data-part-view=text]"));
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-text")));
		click(By.cssSelector("button[data-part-view=html]"));
		click(By.cssSelector("button[data-width=phone]"));
		waiting().until((driver) -> this.browser.findElement(By.id("preview-html")).getSize().getWidth() <= 375);
		resize(390, 844);
		((JavascriptExecutor) this.browser)
			.executeScript("document.getElementById('preview-heading').scrollIntoView()");
		screenshot("template-editor-phone");
		resize(1366, 900);

		// publish
		click(By.id("publish"));
		WebElement published = waiting()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#saved-message.alert-ok")));
		assertThat(published.getText()).startsWith("Published version 2.");
		assertThat(shop.get("/api/v1/templates/birthday").json().get("html").asString())
			.contains("<p>Dear ${contact.firstName}! The browser says hi</p>");

		// send a test to my own address (pre-filled)
		WebElement to = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("test-to")));
		assertThat(to.getAttribute("value")).isEqualTo(me.email());
		click(By.id("send-test"));
		WebElement result = waiting()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#test-result.alert-ok")));
		assertThat(result.getText()).contains("Sent to " + me.email()).contains("250");
		eventually().until(() -> TestMail.to(me.email()).size() == 1);
		assertThat(TestMail.to(me.email()).get(0).getSubject()).startsWith("[Test] ");
		screenshot("template-test-sent");

		click(By.cssSelector("[data-testid=sign-out]"));
		waiting().until((driver) -> driver.getCurrentUrl().endsWith("/console/sign-in?signed-out"));
	}

	private String srcdoc() {
		String srcdoc = this.browser.findElement(By.id("preview-html")).getAttribute("srcdoc");
		return (srcdoc != null) ? srcdoc : "";
	}

}
