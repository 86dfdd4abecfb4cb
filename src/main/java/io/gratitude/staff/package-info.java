/**
 * Staff: the people who sign in to a partner's console, their roles, sessions and the
 * sign-in throttle, and the operator's console admin account.
 */
@ApplicationModule(allowedDependencies = { "audit", "partner", "system" })
@NullMarked
package io.gratitude.staff;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
