package io.vidgate.gateway.listeners;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** As set up behind a TLS load balancer: {@code server.forward-headers-strategy=native}. */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=" + ForwardedHeadersTest.SECRET,
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.edge.handshakes-per-ip-per-minute=3",
                "server.forward-headers-strategy=native"})
class ForwardedHeadersNativeStrategyTest extends ForwardedHeadersTest {
}
