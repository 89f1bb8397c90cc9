package io.vidgate.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.boot.admin.AdminCredentials;
import io.vidgate.boot.admin.AdminSecretProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * An application that merely has this module on its class path gets the one-line diagnostics (the analyzer is
 * registered in {@code META-INF/spring.factories}), and a rejected secret is never printed back.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupDiagnosticsTest {

    @Test
    void aMissingSecretStopsStartupWithOneLine(CapturedOutput output) {
        assertThatThrownBy(() -> start()).isInstanceOf(Exception.class);

        assertThat(output).contains("Invalid configuration: vidgate.secret = '<unset>': must be set (env VIDGATE_SECRET)")
                .doesNotContain("Reason:");
    }

    @Test
    void theDevelopmentSecretIsRefusedWithoutBeingEchoed(CapturedOutput output) {
        assertThatThrownBy(() -> start("--vidgate.secret=" + AdminCredentials.DEV_SECRET)).isInstanceOf(Exception.class);

        assertThat(output).contains("Invalid configuration: vidgate.secret = '<redacted>': is the published development secret")
                .doesNotContain(AdminCredentials.DEV_SECRET);
    }

    @Test
    void aConfiguredSecretStartsAndAuthenticates() {
        try (ConfigurableApplicationContext context = start("--vidgate.secret=diagnostics-test-secret")) {
            AdminCredentials credentials = context.getBean(AdminCredentials.class);
            assertThat(credentials.matches(AdminCredentials.USERNAME, "diagnostics-test-secret")).isTrue();
        }
    }

    @Test
    void theDevProfileFallsBackWithALoudWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AdminApp.class)
                .web(WebApplicationType.NONE).profiles(AdminCredentials.DEV_PROFILE)
                .run("--spring.application.name=diagnostics-test")) {
            assertThat(context.getBean(AdminCredentials.class).matches(AdminCredentials.USERNAME, AdminCredentials.DEV_SECRET))
                    .isTrue();
            assertThat(output).contains("vidgate.secret is not set: using the DEVELOPMENT admin secret")
                    .contains("can administer diagnostics-test");
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(AdminApp.class).web(WebApplicationType.NONE).run(args);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AdminSecretProperties.class)
    static class AdminApp {

        @Bean
        AdminCredentials adminCredentials(AdminSecretProperties properties, Environment environment) {
            return AdminCredentials.from(properties, environment);
        }
    }
}
