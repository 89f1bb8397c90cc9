package io.vidgate.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    @Test
    void generatedSessionIdsHaveOpenVidusShapeAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = SessionIds.generate();
            assertThat(id).matches("ses_[A-Z][A-Za-z0-9]{9}");
            assertThat(SessionIds.isValid(id)).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void customSessionIdsFollowOpenVidusCharacterSetWithALengthCap() {
        assertThat(SessionIds.isValid("my-room_42")).isTrue();
        assertThat(SessionIds.isValid("a")).isTrue();
        assertThat(SessionIds.isValid("x".repeat(128))).isTrue();
        assertThat(SessionIds.isValid("x".repeat(129))).isFalse();
        assertThat(SessionIds.isValid("")).isFalse();
        assertThat(SessionIds.isValid(null)).isFalse();
        assertThat(SessionIds.isValid("room 1")).isFalse();
        assertThat(SessionIds.isValid("room/1")).isFalse();
        assertThat(SessionIds.isValid("room&token=x")).isFalse();
        assertThat(SessionIds.isValid("räum")).isFalse();
        assertThatThrownBy(() -> SessionIds.requireValid("bad id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a-zA-Z0-9_-]");
    }

    @Test
    void connectionIds() {
        String id = ConnectionIds.generate();
        assertThat(id).matches("con_[A-Z][A-Za-z0-9]{9}");
        assertThat(ConnectionIds.isValid(id)).isTrue();
        assertThat(ConnectionIds.isValid("con_short")).isFalse();
        assertThat(ConnectionIds.isValid("con_ABCDEFGHIJK")).isFalse();
        assertThat(ConnectionIds.isValid("ses_ABCDEFGHIJ")).isFalse();
        assertThat(ConnectionIds.isValid("con_ABCDE_GHIJ")).isFalse();
        assertThatThrownBy(() -> ConnectionIds.requireValid(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamIdsEmbedTypeAndConnection() {
        String connection = ConnectionIds.generate();
        String camera = StreamIds.generate(StreamType.CAMERA, connection);
        assertThat(camera).matches("str_CAM_[A-Z][A-Za-z0-9]{3}_" + connection);
        assertThat(StreamIds.isValid(camera)).isTrue();
        assertThat(StreamIds.connectionIdOf(camera)).contains(connection);
        assertThat(StreamIds.typeOf(camera)).contains(StreamType.CAMERA);

        assertThat(StreamIds.generate(StreamType.SCREEN, connection)).startsWith("str_SCR_");
        assertThat(StreamIds.generate(StreamType.CUSTOM, connection)).startsWith("str_CUS_");
        assertThat(StreamIds.generate(StreamType.IPCAM, connection)).startsWith("str_IPC_");
        assertThat(StreamIds.generate(StreamType.MICRO, connection)).startsWith("str_MIC_");
    }

    @Test
    void streamIdParsingRefusesLookalikes() {
        assertThat(StreamIds.connectionIdOf("str_CAM_Abcd_con_ABCDEFGHIJ")).contains("con_ABCDEFGHIJ");
        assertThat(StreamIds.connectionIdOf("str_XXX_Abcd_con_ABCDEFGHIJ")).isEmpty();
        assertThat(StreamIds.connectionIdOf("str_CAM_Abcd_con_ABCDEFGHIJ_con_ZZZZZZZZZZ")).isEmpty();
        assertThat(StreamIds.connectionIdOf("str_CAM_Abc_con_ABCDEFGHIJ")).isEmpty();
        assertThat(StreamIds.connectionIdOf(null)).isEmpty();
        assertThat(StreamIds.typeOf("garbage")).isEmpty();
        assertThatThrownBy(() -> StreamIds.generate(StreamType.CAMERA, "con_bad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamTypeFromPublishVideoParams() {
        assertThat(StreamType.of("CAMERA", true)).isEqualTo(StreamType.CAMERA);
        assertThat(StreamType.of("SCREEN", true)).isEqualTo(StreamType.SCREEN);
        assertThat(StreamType.of("CAMERA", false)).isEqualTo(StreamType.MICRO);
        assertThat(StreamType.of(null, false)).isEqualTo(StreamType.MICRO);
        assertThatThrownBy(() -> StreamType.of("camera", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamType.of("MICRO", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logSafeQuoting() {
        assertThat(LogSafe.quote(null)).isEqualTo("(none)");
        assertThat(LogSafe.quote("kid-1")).isEqualTo("'kid-1'");
        assertThat(LogSafe.quote("a\r\nb\"c")).isEqualTo("'a??b?c'");
        assertThat(LogSafe.quote("x".repeat(100))).startsWith("'" + "x".repeat(40) + "'").contains("100 characters");
    }
}
