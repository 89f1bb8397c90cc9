package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /**
     * The Standard Webhooks reference libraries' own vector (standard-webhooks/standard-webhooks,
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks; the same in its
     * JavaScript, Python and Go tests): a receiver using any of those libraries verifies what we send.
     */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsTestVector() {
        assertThat(WebhookSigner.of(List.of(SPEC_SECRET)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void signsOncePerSecretSpaceSeparatedForRotation() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String header = WebhookSigner.of(List.of(other, SPEC_SECRET)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        assertThat(header.split(" ")).hasSize(2).endsWith(SPEC_SIGNATURE).allMatch(s -> s.startsWith("v1,"));
    }

    @Test
    void noSecretSignsNothing() {
        assertThat(WebhookSigner.of(List.of()).signs()).isFalse();
    }

    @Test
    void refusesASecretWithoutThePrefixWithoutPrintingIt() {
        assertThatThrownBy(() -> WebhookSigner.of(List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("vidgate.webhooks.signing-secret(s): secret #1 does not start with whsec_")
                .hasMessageNotContaining("MfKQ9r8G");
    }

    @Test
    void refusesASecretThatIsNotBase64() {
        assertThatThrownBy(() -> WebhookSigner.of(List.of(SPEC_SECRET, "whsec_not base64!!")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vidgate.webhooks.signing-secret(s): secret #2 is not whsec_ followed by base64");
    }

    @Test
    void refusesAKeyShorterThanTheSpecificationAsks() {
        assertThatThrownBy(() -> WebhookSigner.of(List.of("whsec_c2hvcnQ=")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 bytes");
    }
}
