package io.vidgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Bad configuration stops the gateway with one line naming the property; good configuration starts it. */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTest {

    private static final String SECRET = "startup-test-secret";

    @Test
    void anOutOfRangePortStopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.public.port=70000")).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.public.port = '70000': must be less than or equal to 65535");
    }

    @Test
    void aNonNumericPortStopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.internal.port=fivethousand")).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.internal.port = 'fivethousand'");
    }

    @Test
    void aPublicUrlWithAPathIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.public.url=https://edge.example.com/some/path"))
                .isInstanceOf(Exception.class);
        assertThat(output).contains("vidgate.public.url = 'https://edge.example.com/some/path': must be an http(s)");
    }

    @Test
    void aFirstFrameLimitAboveTheFrameLimitIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.edge.max-first-frame-bytes=300000")).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.edge.max-first-frame-bytes (300000) must not exceed "
                + "vidgate.signaling.max-message-bytes (262144)");
    }

    @Test
    void theRetiredFrameLimitIsRefusedNamingItsReplacement(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.edge.max-frame-bytes=65536")).isInstanceOf(Exception.class);
        assertThat(output).contains("vidgate.edge.max-frame-bytes was replaced by vidgate.signaling.max-message-bytes");
    }

    @Test
    void aZeroEdgeTimeoutIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.edge.idle-timeout=0s")).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.edge.idle-timeout = 'PT0S': must be longer than or equal to 100 millis");
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.public.trusted-proxies=10.0.0.0/8,lb.example.com"))
                .isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.public.trusted-proxies: 'lb.example.com' is not an "
                + "IP address or CIDR block");
    }

    @Test
    void aZeroListenerLimitIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.internal.max-connections-per-ip=0")).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.internal.max-connections-per-ip = '0': must be "
                + "greater than or equal to 1");
    }

    @Test
    void aMisspeltRoleInAVidgateTokenRouteIsRefused(CapturedOutput output) {
        String route = "spring.cloud.gateway.server.webflux.routes[0].";
        assertThatThrownBy(() -> start(route + "id=app", route + "uri=http://127.0.0.1:9", route + "predicates[0]=Path=/app/**",
                route + "filters[0].name=VidgateToken", route + "filters[0].args.roles=PUBLISHER,moderator"))
                .isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: spring.cloud.gateway.server.webflux.routes: VidgateToken roles: "
                + "unknown role 'moderator'");
    }

    @Test
    void severalRolesInAVidgateTokenShortcutAreRefusedRatherThanReadAsASessionPattern(CapturedOutput output) {
        String route = "spring.cloud.gateway.server.webflux.routes[0].";
        assertThatThrownBy(() -> start(route + "id=app", route + "uri=http://127.0.0.1:9", route + "predicates[0]=Path=/app/**",
                route + "filters[0]=VidgateToken=PUBLISHER,MODERATOR")).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: spring.cloud.gateway.server.webflux.routes: VidgateToken "
                + "session pattern 'MODERATOR' is a role name");
    }

    @Test
    void theSamePortForBothListenersIsRefused(CapturedOutput output) throws IOException {
        int port = freePort();
        assertThatThrownBy(() -> start("vidgate.public.port=" + port, "vidgate.internal.port=" + port))
                .isInstanceOf(Exception.class);
        assertThat(output).contains("vidgate.internal.port").contains("must differ from vidgate.public.port");
    }

    @Test
    void anInternalPortInUseIsReportedAgainstTheProperty(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start("vidgate.internal.port=" + taken.getLocalPort()))
                    .isInstanceOf(Exception.class);
            assertThat(output).contains("vidgate.internal.port").contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void withoutASecretOutsideTheDevProfileTheGatewayRefusesToStart(CapturedOutput output) {
        assertThatThrownBy(() -> startWithoutSecret()).isInstanceOf(Exception.class);
        assertThat(output).contains("vidgate.secret").contains("must be set (env VIDGATE_SECRET)");
    }

    @Test
    void theDevelopmentSecretIsRefusedOutsideTheDevProfile(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.secret=vidgate-dev-secret")).isInstanceOf(Exception.class);
        assertThat(output).contains("vidgate.secret").contains("published development secret")
                .doesNotContain("'vidgate-dev-secret'");
    }

    @Test
    void theDevProfileFallsBackToADevelopmentSecretWithALoudWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VidgateGatewayApplication.class)
                .profiles("dev").run("--vidgate.public.port=0", "--vidgate.internal.port=0",
                        "--vidgate.data-dir=target/dev-data")) {
            int internalPort = context.getBean(InternalListenerServer.class).port();
            assertThat(output).contains("vidgate.secret is not set: using the DEVELOPMENT admin secret");
            assertThat(RealHttp.get(internalPort, "/actuator/info",
                    RealHttp.basic("OPENVIDUAPP", "vidgate-dev-secret")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anInternalListenerOnANonLoopbackAddressWorksButIsLoggedAsAWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("vidgate.internal.address=0.0.0.0")) {
            int internalPort = context.getBean(InternalListenerServer.class).port();
            assertThat(output).contains("The internal listener is bound to 0.0.0.0, which is not a loopback address");
            assertThat(RealHttp.get(internalPort, "/actuator/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theSecretNeverAppearsInTheLogs(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("logging.level.io.vidgate=TRACE",
                "logging.level.org.springframework.security=DEBUG")) {
            int internalPort = context.getBean(InternalListenerServer.class).port();
            RealHttp.get(internalPort, "/openvidu/api/config", RealHttp.basic("OPENVIDUAPP", SECRET));
            RealHttp.get(internalPort, "/openvidu/api/config", RealHttp.basic("OPENVIDUAPP", "a-wrong-guess"));
        }
        assertThat(output).doesNotContain(SECRET).doesNotContain("a-wrong-guess");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        // Later values replace the defaults: a repeated --key=value would be joined into a list by Boot.
        Map<String, String> args = new LinkedHashMap<>(Map.of("vidgate.public.port", "0", "vidgate.internal.port", "0",
                "vidgate.secret", SECRET, "vidgate.tokens.jwks-file", io.vidgate.gateway.TestKeys.JWKS_FILE));
        for (String property : properties) {
            int equals = property.indexOf('=');
            args.put(property.substring(0, equals), property.substring(equals + 1));
        }
        return new SpringApplicationBuilder(VidgateGatewayApplication.class).run(args.entrySet().stream()
                .map(arg -> "--" + arg.getKey() + "=" + arg.getValue()).toArray(String[]::new));
    }

    private static ConfigurableApplicationContext startWithoutSecret() {
        return new SpringApplicationBuilder(VidgateGatewayApplication.class)
                .run("--vidgate.public.port=0", "--vidgate.internal.port=0",
                        "--vidgate.tokens.jwks-file=" + io.vidgate.gateway.TestKeys.JWKS_FILE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
