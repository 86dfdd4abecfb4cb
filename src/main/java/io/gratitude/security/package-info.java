/**
 * Route security: the three filter chains (console, API, everything else) that decide, on
 * the routed path, who may reach which route. Deny by default.
 */
@ApplicationModule(allowedDependencies = { "partner", "staff", "system" })
@NullMarked
package io.gratitude.security;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
