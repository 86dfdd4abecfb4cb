/**
 * Outreach: the shared core of sending. The outreach table is the queue and the send log
 * in one: {@link io.gratitude.outreach.OutreachQueue} holds its writes (plan, claim,
 * finish, hold, cancel) and the reads the features share; the send rules, the occasion
 * calendar and the statuses live here too. Features that fill the queue
 * ({@code planning}, {@code campaign}, {@code lifecycle}), send from it
 * ({@code dispatch}) or show it ({@code sendlog}, {@code forecast}, {@code console})
 * depend on this module; it depends on none of them.
 */
@ApplicationModule(allowedDependencies = { "contact", "partner", "program", "suppression", "system" })
@NullMarked
package io.gratitude.outreach;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
