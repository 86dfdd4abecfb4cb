/**
 * Outreach: the queue and the send log in one table. The planner turns sales and
 * significant dates into outreach rows (unique per program, contact and occasion); the
 * dispatcher claims due rows in batches, renders, sends and records each attempt;
 * recovery returns rows stuck in SENDING past their lease. Quartz jobs drive plan,
 * dispatch and recovery; they hold no logic.
 */
@ApplicationModule(allowedDependencies = { "audit", "contact", "mail", "partner", "program", "sale", "suppression",
		"system", "template" })
@NullMarked
package io.gratitude.outreach;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
