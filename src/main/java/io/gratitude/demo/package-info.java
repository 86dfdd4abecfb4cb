/**
 * Demo: seeds the zero-set-up run with a demo partner whose contacts have a birthday
 * today and a sale a minute ago, so that messages go out within a minute of start. Off
 * with gratitude.demo.enabled=false.
 */
@ApplicationModule(allowedDependencies = { "contact", "partner", "program", "sale", "staff", "system" })
@NullMarked
package io.gratitude.demo;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
