/**
 * The forecast: what each program would send over the days ahead, and what it would skip
 * and why, computed with the planner's and the send rules' own logic.
 */
@ApplicationModule(allowedDependencies = { "contact", "outreach", "partner", "planning", "program", "system" })
@NullMarked
package io.gratitude.forecast;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
