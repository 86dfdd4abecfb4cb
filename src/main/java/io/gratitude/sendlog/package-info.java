/**
 * The send log: the read side of the outreach table for the API and the console (filters,
 * paging, CSV export, counts) and the queue's metrics.
 */
@ApplicationModule(allowedDependencies = { "dispatch", "outreach", "partner", "system", "template" })
@NullMarked
package io.gratitude.sendlog;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
