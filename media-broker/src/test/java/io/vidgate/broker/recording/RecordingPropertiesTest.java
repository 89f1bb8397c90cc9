package io.vidgate.broker.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code vidgate.recording.*} as an operator writes it: OpenVidu's defaults, its notification names, checked at start. */
class RecordingPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RecordingProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void defaultsAreOpenVidus() {
        runner.run(context -> {
            RecordingProperties recording = context.getBean(RecordingProperties.class);
            assertThat(recording.enabled()).isFalse();
            assertThat(recording.notification()).isEqualTo(RecordingNotification.PUBLISHER_MODERATOR);
            assertThat(recording.notification().roles()).containsExactlyInAnyOrder(Role.PUBLISHER, Role.MODERATOR);
            assertThat(recording.autostopTimeout()).isEqualTo(Duration.ofSeconds(120));
            Path directory = recording.directory(Path.of("/srv/vidgate-data"));
            assertThat(directory).isEqualTo(Path.of("/srv/vidgate-data/recordings"));
            assertThat(recording.kurentoDirectory(directory)).isEqualTo("file:///srv/vidgate-data/recordings/");
        });
    }

    @Test
    void openViduNotificationNamesAndAKurentoPathAreRead() {
        runner.withPropertyValues("vidgate.recording.enabled=true", "vidgate.recording.path=/recordings",
                "vidgate.recording.kurento-path=file:///kms/recordings", "vidgate.recording.notification=all",
                "vidgate.recording.autostop-timeout=0").run(context -> {
                    RecordingProperties recording = context.getBean(RecordingProperties.class);
                    assertThat(recording.enabled()).isTrue();
                    assertThat(recording.notification().roles()).hasSize(3);
                    assertThat(recording.autostopTimeout()).isZero();
                    Path directory = recording.directory(Path.of("ignored"));
                    assertThat(directory).isEqualTo(Path.of("/recordings"));
                    assertThat(recording.kurentoDirectory(directory)).isEqualTo("file:///kms/recordings/");
                });
        runner.withPropertyValues("vidgate.recording.notification=none").run(context ->
                assertThat(context.getBean(RecordingProperties.class).notification().roles()).isEmpty());
        runner.withPropertyValues("vidgate.recording.notification=moderator").run(context ->
                assertThat(context.getBean(RecordingProperties.class).notification().roles())
                        .containsExactly(Role.MODERATOR));
    }

    @Test
    void wrongValuesStopTheStartNamingTheProperty() {
        runner.withPropertyValues("vidgate.recording.kurento-path=/kms/recordings").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("vidgate.recording.kurento-path must be a file:// URI"));
        runner.withPropertyValues("vidgate.recording.autostop-timeout=-1s").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("vidgate.recording.autostop-timeout must be 0 or more"));
        runner.withPropertyValues("vidgate.recording.notification=everybody").run(context ->
                assertThat(context).hasFailed());
    }
}
