package io.vidgate.broker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Bad configuration stops the broker before it listens, with the property named. */
class BrokerStartupTest {

    @Test
    void refusesToStartWithoutASecretOutsideDev() {
        assertThatThrownBy(() -> start("vidgate.broker.port=0"))
                .hasStackTraceContaining("vidgate.secret");
    }

    @Test
    void refusesTheDevelopmentSecretOutsideDev() {
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=vidgate-dev-secret"))
                .hasStackTraceContaining("vidgate.secret");
    }

    @Test
    void refusesLimitsBelowOne() {
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=startup-test",
                "vidgate.sessions.max-sessions=0"))
                .hasStackTraceContaining("vidgate.sessions");
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=startup-test",
                "vidgate.sessions.max-connections-per-session=-5"))
                .hasStackTraceContaining("vidgate.sessions");
    }

    /** As command-line arguments: builder "properties" are defaults, which application.yml would override. */
    private static void start(String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(property -> "--" + property).toArray(String[]::new);
        new SpringApplicationBuilder(MediaBrokerApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(args)
                .close();
    }
}
