package io.vidgate.gateway.edge;

import io.vidgate.protocol.token.ConnectionTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running gateway (the subclass's {@code @SpringBootTest}, with its own properties) whose broker is a
 * {@link RecordingBroker}, started with the context and stopped after the class.
 */
abstract class AgainstRecordingBroker {

    static RecordingBroker broker;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        broker = new RecordingBroker();
        registry.add("vidgate.broker.url", broker::url);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionTokenIssuer issuer;

    @Autowired
    EdgeMetrics metrics;
}
