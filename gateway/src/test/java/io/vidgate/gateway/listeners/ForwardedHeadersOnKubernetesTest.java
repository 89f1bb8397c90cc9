package io.vidgate.gateway.listeners;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** As in a Kubernetes pod, where Spring Boot honours forwarded headers without being asked. */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=" + ForwardedHeadersTest.SECRET,
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.edge.handshakes-per-ip-per-minute=3",
                "spring.main.cloud-platform=kubernetes"})
class ForwardedHeadersOnKubernetesTest extends ForwardedHeadersTest {
}
