/**
 * The staff console: every server-rendered page (one `*Pages` controller per area,
 * templates in `templates/console/`). Pages read and change things only through the
 * feature modules' own services.
 */
@ApplicationModule(
		allowedDependencies = { "audit", "campaign", "contact", "digest", "dispatch", "forecast", "lifecycle", "mail",
				"outreach", "partner", "preview", "program", "sale", "sendlog", "staff", "system", "template" })
@NullMarked
package io.gratitude.console;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
