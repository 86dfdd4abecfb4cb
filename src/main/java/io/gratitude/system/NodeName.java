package io.gratitude.system;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This node's name in claims and attempts ({@code gratitude.node-name}); by default
 * pid@host plus a short random suffix, so two instances in one JVM never share claims.
 */
@Component
public class NodeName {

	private final String value;

	NodeName(@Value("${gratitude.node-name:}") String configured) {
		String name = configured.isBlank()
				? ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 4)
				: configured.strip();
		this.value = (name.length() > 100) ? name.substring(0, 100) : name;
	}

	public String value() {
		return this.value;
	}

}
