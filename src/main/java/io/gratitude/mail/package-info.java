/**
 * Mail: building MIME messages (multipart text and HTML, deterministic Message-ID, RFC
 * 8058 one-click unsubscribe headers), sending them over one reused SMTP connection per
 * batch, unsubscribe tokens and the suppression list. Also the embedded SMTP sink of the
 * zero-set-up run.
 */
@ApplicationModule(allowedDependencies = { "contact", "partner", "system" })
@NullMarked
package io.gratitude.mail;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
