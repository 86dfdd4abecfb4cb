package io.gratitude.template;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRejectedTest {

	@Test
	void messageNamesPartLineAndColumn() {
		TemplateRejected rejected = new TemplateRejected("html", 3, 14, "Unclosed #if");

		assertThat(rejected.getMessage()).isEqualTo("html line 3, column 14: Unclosed #if");
		assertThat(rejected.part()).isEqualTo("html");
		assertThat(rejected.line()).isEqualTo(3);
		assertThat(rejected.column()).isEqualTo(14);
		assertThat(rejected.reason()).isEqualTo("Unclosed #if");
	}

	@Test
	void messageLeavesOutAnUnknownLocation() {
		assertThat(new TemplateRejected("text", 0, 0, "too slow").getMessage()).isEqualTo("text: too slow");
		assertThat(new TemplateRejected("text", 7, 0, "odd").getMessage()).isEqualTo("text line 7: odd");
	}

}
