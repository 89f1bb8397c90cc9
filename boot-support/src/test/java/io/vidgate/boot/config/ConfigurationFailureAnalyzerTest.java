package io.vidgate.boot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** Each configuration failure becomes one {@code Invalid configuration: …} line naming the property. */
class ConfigurationFailureAnalyzerTest {

    private final ConfigurationFailureAnalyzer analyzer = new ConfigurationFailureAnalyzer();

    @Test
    void anInvalidPropertyValueIsOneLineWithTheValueTheThrowerChose() {
        InvalidConfigurationPropertyValueException invalid = new InvalidConfigurationPropertyValueException(
                "vidgate.secret", "<unset>", "must be set (env VIDGATE_SECRET)");

        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("adminCredentials", "failed", invalid));

        assertThat(analysis.getDescription())
                .isEqualTo("Invalid configuration: vidgate.secret = '<unset>': must be set (env VIDGATE_SECRET)");
        assertThat(analysis.getAction()).contains("Fix the property named above");
        assertThat(analysis.getCause()).isSameAs(invalid);
    }

    @Test
    void aConfigurationProblemIsItsMessage() {
        Throwable problem = catchThrowable(() -> ConfigurationProblem.check(() -> {
            throw new IllegalArgumentException("vidgate.turn.ttl must be positive");
        }));

        assertThat(problem).isInstanceOf(ConfigurationProblem.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(analyzer.analyze(new BeanCreationException("turn", "failed", problem)).getDescription())
                .isEqualTo("Invalid configuration: vidgate.turn.ttl must be positive");
    }

    @Test
    void checkPassesValuesAndOtherFailuresThrough() {
        assertThat(ConfigurationProblem.check(() -> "built")).isEqualTo("built");
        assertThatThrownBy(() -> ConfigurationProblem.check(() -> {
            throw new IllegalStateException("not a configuration problem");
        })).isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValidationFailureIsOneLinePerRejectedPropertyInYamlSpelling() {
        BindException failure = bindFailure(Map.of("vidgate.public.port", "70000", "vidgate.public.allowed-origins", "*"));
        assertThat(failure.getCause()).isInstanceOf(BindValidationException.class);

        String description = analyzer.analyze(failure).getDescription();

        assertThat(description.lines()).containsExactlyInAnyOrder(
                "Invalid configuration: vidgate.public.port = '70000': must be less than or equal to 65535",
                "Invalid configuration: vidgate.public.allowed-origins = '*': must list origins, not a wildcard");
    }

    @Test
    void anObjectLevelValidationFailureNamesThePrefix() {
        String description = analyzer.analyze(bindFailure(Map.of("vidgate.public.port", "443",
                "vidgate.public.allowed-origins", "https://example.com"))).getDescription();

        assertThat(description).isEqualTo("Invalid configuration: vidgate.public: port 443 is reserved for tests");
    }

    @Test
    void aValueThatCannotBeConvertedIsOneLineNamingTheProperty() {
        Throwable failure = catchThrowable(() -> new Binder(new MapConfigurationPropertySource(
                Map.of("vidgate.internal.port", "fivethousand"))).bind("vidgate.internal", Bindable.of(Listener.class)));
        assertThat(failure).isInstanceOf(BindException.class);

        String description = analyzer.analyze(failure).getDescription();

        assertThat(description).startsWith("Invalid configuration: vidgate.internal.port = 'fivethousand': cannot be read as")
                .doesNotContain(System.lineSeparator());
    }

    @Test
    void otherFailuresAreLeftToBoot() {
        assertThat(analyzer.analyze(new IllegalStateException("port in use", new RuntimeException("bind")))).isNull();
    }

    @Test
    void fieldNamesAreWrittenAsInYaml() {
        assertThat(ConfigurationFailureAnalyzer.kebab("allowedOrigins")).isEqualTo("allowed-origins");
        assertThat(ConfigurationFailureAnalyzer.kebab("maxConnectionsPerSession")).isEqualTo("max-connections-per-session");
        assertThat(ConfigurationFailureAnalyzer.kebab("port")).isEqualTo("port");
    }

    private static BindException bindFailure(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        Throwable failure = catchThrowable(() -> binder.bind("vidgate.public", Bindable.of(Listener.class),
                new ValidationBindHandler(new ListenerValidator())));
        assertThat(failure).isInstanceOf(BindException.class);
        return (BindException) failure;
    }

    record Listener(int port, String allowedOrigins) {
    }

    /** Stands in for Bean Validation, which this module does not depend on; the errors reach Boot the same way. */
    static final class ListenerValidator implements Validator {

        @Override
        public boolean supports(Class<?> type) {
            return Listener.class.equals(type);
        }

        @Override
        public void validate(Object target, Errors errors) {
            Listener listener = (Listener) target;
            if (listener.port() > 65535) {
                errors.rejectValue("port", "Max", "must be less than or equal to 65535");
            }
            if ("*".equals(listener.allowedOrigins())) {
                errors.rejectValue("allowedOrigins", "Wildcard", "must list origins, not a wildcard");
            }
            if (listener.port() == 443) {
                errors.reject("Reserved", "port 443 is reserved for tests");
            }
        }
    }
}
