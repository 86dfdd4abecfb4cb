/**
 * The audit log: who changed what that matters for trust, recorded by the feature that
 * made the change inside its transaction. Depends on no feature.
 */
@ApplicationModule(allowedDependencies = { "system" })
@NullMarked
package io.gratitude.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
