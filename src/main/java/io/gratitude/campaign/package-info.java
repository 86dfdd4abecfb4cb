/**
 * Campaigns: a one-off message to a segment of contacts, scheduled, paced, paused,
 * resumed or cancelled by staff or the API. Its rows go through the outreach queue and
 * the dispatcher like any program's.
 */
@ApplicationModule(allowedDependencies = { "audit", "contact", "outreach", "partner", "program", "system" })
@NullMarked
package io.gratitude.campaign;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
