/**
 * Suppression: the addresses a partner must not mail again (unsubscribed, hard-bounced,
 * complained), the signed unsubscribe tokens and their page, and bounce intake, which
 * publishes BounceReceived.
 */
@ApplicationModule(allowedDependencies = { "contact", "partner", "system" })
@NullMarked
package io.gratitude.suppression;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
