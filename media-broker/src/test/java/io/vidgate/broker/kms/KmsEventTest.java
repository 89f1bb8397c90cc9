package io.vidgate.broker.kms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the transport reads of an event before kurento-client does: its object and type, and nothing from anything else. */
class KmsEventTest {

    @Test
    void anIceCandidateFoundEventNamesItsObjectAndType() {
        String event = "{\"jsonrpc\":\"2.0\",\"method\":\"onEvent\",\"params\":{\"value\":{\"data\":{\"candidate\":"
                + "{\"candidate\":\"candidate:1 1 UDP 2015363327 192.0.2.7 50000 typ host\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0,\"__module__\":\"kurento\",\"__type__\":\"IceCandidate\"},"
                + "\"object\":\"inside data\",\"source\":\"p/e\",\"tags\":[],\"timestamp\":\"1\","
                + "\"type\":\"IceCandidateFound\"},\"object\":\"p/e\",\"type\":\"IceCandidateFound\"}}}";

        assertThat(KmsEvent.read(event)).isEqualTo(new KmsEvent("p/e", "IceCandidateFound"));
    }

    @Test
    void fieldsMayComeInAnyOrder() {
        assertThat(KmsEvent.read("{\"params\":{\"value\":{\"type\":\"Error\",\"object\":\"p/e\"}},"
                + "\"method\":\"onEvent\",\"jsonrpc\":\"2.0\"}")).isEqualTo(new KmsEvent("p/e", "Error"));
    }

    @Test
    void anAnswerOrAnotherRequestIsNoEvent() {
        assertThat(KmsEvent.read("{\"id\":3,\"result\":{\"value\":\"onEvent\",\"sessionId\":\"s\"},\"jsonrpc\":\"2.0\"}"))
                .isNull();
        assertThat(KmsEvent.read("{\"method\":\"ping\",\"params\":{\"value\":{\"object\":\"p\"}}}")).isNull();
    }

    @Test
    void malformedTextIsLeftToKurentoClient() {
        assertThat(KmsEvent.read("{\"method\":\"onEvent\",\"params\":")).isNull();
        assertThat(KmsEvent.read("[\"onEvent\"]")).isNull();
        assertThat(KmsEvent.read("{\"method\":\"onEvent\",\"params\":{\"value\":{\"object\":7}}}")).isNull();
    }
}
