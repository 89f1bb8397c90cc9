package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Recording off (the default, as OpenVidu's OPENVIDU_RECORDING): every recordings call and the download answer 501,
 * which openvidu-java-client and openvidu-node-client already handle, and sessions are never being recorded.
 */
class RecordingsOffTest extends ApiTestSupport {

    @Test
    void everyRecordingsCallAnswers501() {
        String sessionId = newSession();
        for (String[] call : List.of(
                new String[] {"POST", "/openvidu/api/recordings/start", "{\"session\":\"" + sessionId + "\"}"},
                new String[] {"POST", "/openvidu/api/recordings/stop/" + sessionId, null},
                new String[] {"GET", "/openvidu/api/recordings/" + sessionId, null},
                new String[] {"GET", "/openvidu/api/recordings", null},
                new String[] {"DELETE", "/openvidu/api/recordings/" + sessionId, null})) {
            assertErrorBody(api.send(call[0], call[1], call[2], Map.of()), 501, call[1]);
        }
        BrokerApi.Response download = api.get("/openvidu/recordings/" + sessionId + "/" + sessionId + ".webm");
        assertThat(download.status()).isEqualTo(501);
        assertThat(api.get("/openvidu/api/sessions/" + sessionId).json().get("recording").booleanValue()).isFalse();
        assertThat(api.get("/openvidu/api/config").json().get("OPENVIDU_RECORDING").booleanValue()).isFalse();
    }
}
