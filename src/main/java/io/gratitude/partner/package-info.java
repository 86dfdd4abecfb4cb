/**
 * Partners: the businesses enrolled in Gratitude and the tenant boundary. A partner has a
 * sender identity, a default time zone, a daily send window, a leap-day policy, a
 * frequency cap, a paused flag and API keys (stored only as hashes, managed by the
 * partner itself). This module also authenticates API callers: the admin token for
 * partner enrollment and administration, a partner's API key for everything else.
 */
@ApplicationModule(allowedDependencies = { "audit", "system" })
@NullMarked
package io.gratitude.partner;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
