package io.vidgate.gateway.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenerPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/openvidu/api", "/openvidu/api/", "/openvidu/api/sessions", "/actuator", "/actuator/health",
            "/OpenVidu/Api/sessions", "//openvidu//api", "/openvidu/./api", "/a/../openvidu/api", "/%6fpenvidu/api",
            "/openvidu%2fapi", "/openvidu%252fapi", "/openvidu;v=1/api", "/turn-rest-api", "/turn-rest-api/x",
            "/openvidu/recordings", "/openvidu/recordings/ses_a/ses_a.webm", "/openvidu/%72ecordings/ses_a/x.zip"})
    void internalPaths(String path) {
        assertThat(ListenerPaths.ownerOf(path)).isEqualTo(Listener.INTERNAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/openvidu", "/openvidu/", "/openvidu/apis", "/openvidu-api", "/actuators",
            "/.well-known/jwks.json", "/v1/ice-servers", "/openvidu/api/../../x", "/app/openvidu/api", "/%zz",
            "/openvidu/recording", "/openvidu/recordings-x", "/openvidu/recordings/../x"})
    void publicPaths(String path) {
        assertThat(ListenerPaths.ownerOf(path)).isEqualTo(Listener.PUBLIC);
    }
}
