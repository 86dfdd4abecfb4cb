/**
 * Demo: seeds the zero-set-up run with a demo partner whose contacts have a birthday
 * today and a sale a minute ago, so that messages go out within a minute of start. Off
 * with gratitude.demo.enabled=false.
 */
@NullMarked
package io.gratitude.demo;

import org.jspecify.annotations.NullMarked;
