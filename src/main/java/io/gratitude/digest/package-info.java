/**
 * The staff digest: a morning email to each partner's staff listing the dates ahead and
 * the gestures worth making, with its settings and its job.
 */
@ApplicationModule(allowedDependencies = { "contact", "mail", "outreach", "partner", "preview", "program", "sale",
		"staff", "system", "template" })
@NullMarked
package io.gratitude.digest;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
