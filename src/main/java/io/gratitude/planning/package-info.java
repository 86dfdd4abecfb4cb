/**
 * Planning: turns sales and significant dates into outreach rows (unique per program,
 * contact and occasion), on events and by the plan job up to the horizon.
 */
@ApplicationModule(allowedDependencies = { "contact", "outreach", "partner", "program", "sale", "system" })
@NullMarked
package io.gratitude.planning;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
