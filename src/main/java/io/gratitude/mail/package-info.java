/**
 * Mail transport: building MIME messages (multipart text and HTML, deterministic
 * Message-ID, RFC 8058 one-click unsubscribe headers), sending them over one reused SMTP
 * connection per batch, and the transport's health. Also the embedded SMTP sink of the
 * zero-set-up run. Depends on no feature.
 */
@ApplicationModule(allowedDependencies = { "system" })
@NullMarked
package io.gratitude.mail;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
