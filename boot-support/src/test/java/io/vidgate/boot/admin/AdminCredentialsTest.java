package io.vidgate.boot.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.mock.env.MockEnvironment;

class AdminCredentialsTest {

    @Test
    void aSecretIsRequiredOutsideTheDevProfile() {
        assertThatThrownBy(() -> AdminCredentials.from(new AdminSecretProperties(null), new MockEnvironment()))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("vidgate.secret");
        assertThatThrownBy(() -> AdminCredentials.from(new AdminSecretProperties("  "), new MockEnvironment()))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class);
    }

    @Test
    void theDevProfileFallsBackToTheDevelopmentSecret() {
        MockEnvironment dev = new MockEnvironment();
        dev.setActiveProfiles("dev");

        AdminCredentials credentials = AdminCredentials.from(new AdminSecretProperties(null), dev);

        assertThat(credentials.matches("OPENVIDUAPP", "vidgate-dev-secret")).isTrue();
    }

    @Test
    void theDevelopmentSecretIsRefusedOutsideDev() {
        assertThatThrownBy(() -> AdminCredentials.from(new AdminSecretProperties("vidgate-dev-secret"), new MockEnvironment()))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageNotContaining("vidgate-dev-secret");
    }

    @Test
    void matchesOnlyTheUserAndSecret() {
        AdminCredentials credentials = AdminCredentials.from(new AdminSecretProperties("s3cret"), new MockEnvironment());

        assertThat(credentials.matches("OPENVIDUAPP", "s3cret")).isTrue();
        assertThat(credentials.matches("OPENVIDUAPP", "s3cre")).isFalse();
        assertThat(credentials.matches("openviduapp", "s3cret")).isFalse();
        assertThat(credentials.matches("OPENVIDUAPP", null)).isFalse();
        assertThat(credentials.toString()).doesNotContain("s3cret");
        assertThat(new AdminSecretProperties("s3cret").toString()).doesNotContain("s3cret");
    }
}
