package io.vidgate.boot.config;

/**
 * A configuration value that a library (turn-credentials, protocol) rejected. Their messages already start with the
 * property name ({@code vidgate.turn.ttl must be …}); this carries one to {@link ConfigurationFailureAnalyzer}, which
 * prints it as the one line of the startup failure.
 */
public class ConfigurationProblem extends RuntimeException {

    public ConfigurationProblem(String message, Throwable cause) {
        super(message, cause);
    }

    /** Runs a library constructor, turning its {@link IllegalArgumentException} into a configuration problem. */
    public static <T> T check(java.util.function.Supplier<T> construction) {
        try {
            return construction.get();
        } catch (IllegalArgumentException rejected) {
            throw new ConfigurationProblem(rejected.getMessage(), rejected);
        }
    }
}
