/**
 * Cross-feature HTTP plumbing: RFC 9457 problem details for errors that are not a
 * feature's own (validation, malformed JSON, duplicate keys). Depends on no feature.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.gratitude.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
