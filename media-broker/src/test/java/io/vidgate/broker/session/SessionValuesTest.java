package io.vidgate.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;

/** The session value classes refuse what OpenVidu refuses and never log a secret. */
class SessionValuesTest {

    @Test
    void valueChecks() {
        assertThatThrownBy(() -> new IceServer("turn:x:3478", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IceServer("turns:x:5349?transport=tcp", "u", "secret").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> SessionProperties.DEFAULT.withCustomSessionId("bad id")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionProperties.DEFAULT.withCustomSessionId("").customSessionId()).isNull();
        assertThat(RecordingDefaults.of(null, null, false, "COMPOSED", null, null, null, null, null, null).recordingLayout())
                .as("no layout for an audio-only recording").isNull();
        assertThat(new ActivationDetails(null, null, null, null).clientData()).as("no metadata is \"\"").isEmpty();
        ConnectionSnapshot snapshot = new ConnectionSnapshot(ConnectionIds.generate(), "s", 0,
                ConnectionProperties.webRtc(Role.PUBLISHER, ""), "ws://h?sessionId=s&token=a.b.c", ConnectionStatus.PENDING,
                null, null, null, null, null, List.of(), List.of());
        assertThat(snapshot.toString()).doesNotContain("token=");
    }
}
