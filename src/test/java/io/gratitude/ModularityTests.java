package io.gratitude;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Package by feature, verified: no cycles between features, no reach into another's
 * internals.
 */
class ModularityTests {

	@Test
	void featuresDependOnEachOtherOnlyThroughTheirPublicApiAndWithoutCycles() {
		ApplicationModules.of(GratitudeApplication.class).verify();
	}

}
