package io.gratitude;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Package by feature, verified: no cycles between features, no reach into another's
 * internals, and no dependency a module's {@code package-info.java} does not allow.
 */
class ModularityTests {

	/**
	 * Generated, committed: a rerun on an unchanged graph leaves the files as they were.
	 */
	static final String DIAGRAMS = "docs/modules";

	final ApplicationModules modules = ApplicationModules.of(GratitudeApplication.class);

	@Test
	void featuresDependOnlyOnWhatTheirPackageInfoAllowsAndWithoutCycles() {
		this.modules.verify();
	}

	@Test
	void moduleDiagramAndCanvasesAreWrittenIntoDocs() {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder(DIAGRAMS)).writeDocumentation();
	}

}
