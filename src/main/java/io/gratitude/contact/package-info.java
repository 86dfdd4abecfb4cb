/**
 * Contacts: the people a partner thanks, customers (one-off buyers) and clients
 * (long-term relationships), with their significant dates (birthdays, client-since
 * anniversaries, custom dates), opt-out state and free attributes. Publishes
 * ContactChanged so that occasions are planned at once.
 */
@ApplicationModule(allowedDependencies = { "audit", "partner", "system" })
@NullMarked
package io.gratitude.contact;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
