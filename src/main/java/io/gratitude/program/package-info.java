/**
 * Programs: the rules that decide who gets which message when. A trigger (after a sale,
 * on a date, a check-in period, a promotion, a campaign), an audience, a template, timing
 * (delay, offset days, send time) and a maximum lateness. Every new partner gets the
 * default programs.
 */
@ApplicationModule(allowedDependencies = { "audit", "contact", "partner", "system", "template" })
@NullMarked
package io.gratitude.program;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
