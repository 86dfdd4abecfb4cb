/**
 * Previews and test sends: a template rendered for a real or sample contact, and sent to
 * a staff member's own address.
 */
@ApplicationModule(allowedDependencies = { "contact", "dispatch", "mail", "outreach", "partner", "program", "sale",
		"system", "template" })
@NullMarked
package io.gratitude.preview;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
