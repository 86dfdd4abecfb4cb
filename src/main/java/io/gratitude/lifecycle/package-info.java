/**
 * The relationship lifecycle: promotion rules (customer to client), tenure promotions and
 * at-risk episodes, reviewed by its own job.
 */
@ApplicationModule(allowedDependencies = { "contact", "outreach", "partner", "planning", "program", "sale", "system" })
@NullMarked
package io.gratitude.lifecycle;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
