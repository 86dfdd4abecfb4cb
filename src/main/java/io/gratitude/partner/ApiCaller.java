package io.gratitude.partner;

/**
 * The partner on whose behalf an API request runs, resolved from its API key. Declare it
 * as a controller method parameter; requests without a valid key never reach the
 * controller.
 */
public record ApiCaller(long partnerId) {
}
