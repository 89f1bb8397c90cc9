package io.vidgate.boot.config;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a configuration failure into one line per problem, naming the property and what is wrong with it
 * ({@code vidgate.public.port = '70000': must be less than or equal to 65535}), instead of Boot's multi-paragraph
 * report. Ordered first so it wins over Boot's analyzers — which also read the offending value back from the
 * environment and would print a rejected secret; here the value shown is the one the thrower chose to show.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConfigurationFailureAnalyzer implements FailureAnalyzer {

    private static final String ACTION = "Fix the property named above (application.yml, a --property=value "
            + "argument, or its VIDGATE_* environment variable) and start again. docs/configuration.md lists every property.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidConfigurationPropertyValueException invalid) {
                return analysis(List.of(invalid.getName() + " = " + quote(invalid.getValue()) + ": "
                        + invalid.getReason()), cause);
            }
            if (cause instanceof ConfigurationProblem problem) {
                return analysis(List.of(problem.getMessage()), cause);
            }
            if (cause instanceof BindException bind) {
                return analysis(problems(bind), cause);
            }
        }
        return null;
    }

    private static FailureAnalysis analysis(List<String> problems, Throwable cause) {
        return new FailureAnalysis("Invalid configuration: " + String.join(System.lineSeparator()
                + "Invalid configuration: ", problems), ACTION, cause);
    }

    private static List<String> problems(BindException cause) {
        if (cause.getCause() instanceof BindValidationException validation) {
            String prefix = validation.getValidationErrors().getName().toString();
            return validation.getValidationErrors().getAllErrors().stream()
                    .map(error -> describe(prefix, error))
                    .toList();
        }
        ConfigurationProperty property = cause.getProperty();
        String name = property != null ? property.getName().toString() : cause.getName().toString();
        String value = property != null ? " = " + quote(property.getValue()) : "";
        return List.of(name + value + ": cannot be read as " + cause.getTarget().getType() + " ("
                + rootMessage(cause) + ")");
    }

    private static String describe(String prefix, ObjectError error) {
        if (error instanceof FieldError field) {
            return prefix + "." + kebab(field.getField()) + " = " + quote(field.getRejectedValue()) + ": "
                    + field.getDefaultMessage();
        }
        return prefix + ": " + error.getDefaultMessage();
    }

    private static String quote(Object value) {
        return value == null ? "<unset>" : "'" + value + "'";
    }

    /** {@code allowedOrigins} → {@code allowed-origins}, the form users write in YAML. */
    static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
