/**
 * Dispatch: claims due outreach fairly between partners, renders it, sends it over SMTP
 * and records each attempt; returns expired claims to the queue. Quartz drives the
 * dispatch and recovery jobs; they hold no logic.
 */
@ApplicationModule(allowedDependencies = { "contact", "mail", "outreach", "partner", "program", "sale", "suppression",
		"system", "template" })
@NullMarked
package io.gratitude.dispatch;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
