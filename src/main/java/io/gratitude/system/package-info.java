/**
 * The shared kernel every feature may use, depending on none: paging, field errors,
 * locale tags, HMAC and instance secrets, erased values, CSV output, date spans, the
 * MySQL collation and deadlock-retry guards, and the HTTP plumbing (RFC 9457 problem
 * details for errors that are not a feature's own, strict JSON, body size limits).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.gratitude.system;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
