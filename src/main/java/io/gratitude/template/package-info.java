/**
 * Templates: a partner's messages (subject, HTML body, plain-text body), versioned, and
 * the sandboxed FreeMarker renderer that turns a version and a plain-data model into a
 * message. Default templates ship in the repository's templates/ folder and are copied to
 * every new partner.
 */
@ApplicationModule(allowedDependencies = { "audit", "partner", "system" })
@NullMarked
package io.gratitude.template;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
