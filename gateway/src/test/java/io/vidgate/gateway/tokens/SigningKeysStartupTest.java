package io.vidgate.gateway.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Where signing keys come from, and what the public listener publishes of them. */
@ExtendWith(OutputCaptureExtension.class)
class SigningKeysStartupTest {

    private static final String[] BASE = {"--vidgate.public.port=0", "--vidgate.internal.port=0",
            "--vidgate.secret=keys-test-secret"};

    @Test
    void outsideTheDevProfileAJwksFileIsRequired(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(VidgateGatewayApplication.class).run(BASE))
                .isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: vidgate.tokens.jwks-file = '<unset>': must name a JWK set");
    }

    @Test
    void anUnreadableJwksFileIsReportedAgainstTheProperty(CapturedOutput output, @TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("keys.json"), "{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0\"}]}");
        assertThatThrownBy(() -> new SpringApplicationBuilder(VidgateGatewayApplication.class)
                .run(with(BASE, "--vidgate.tokens.jwks-file=" + broken))).isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration:").contains(broken.toString());
    }

    @Test
    void theDevProfileGeneratesAKeyOnceAndKeepsIt(CapturedOutput output, @TempDir Path data) throws Exception {
        String[] dev = with(BASE, "--vidgate.data-dir=" + data);
        String firstJwks;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VidgateGatewayApplication.class)
                .profiles("dev").run(dev)) {
            assertThat(output).contains("Generated a DEVELOPMENT token signing key");
            firstJwks = jwks(context).body();
        }
        assertThat(Files.exists(data.resolve("signing-keys.jwks.json"))).isTrue();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VidgateGatewayApplication.class)
                .profiles("dev").run(dev)) {
            assertThat(jwks(context).body()).isEqualTo(firstJwks);
        }
    }

    @Test
    void theJwksOnThePublicListenerVerifiesTokensInAnIndependentJoseLibraryAndHoldsNoPrivatePart() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VidgateGatewayApplication.class)
                .run(with(BASE, "--vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE,
                        "--vidgate.tokens.issuer=https://edge.example", "--vidgate.tokens.audience=vidgate-test"))) {
            HttpResponse<String> jwks = jwks(context);
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.body()).doesNotContain("\"d\"").contains("\"kid\"");

            String sessionId = SessionIds.generate();
            String connectionId = ConnectionIds.generate();
            String jwt = context.getBean(ConnectionTokenIssuer.class)
                    .issue(ConnectionGrant.of(sessionId, connectionId, Role.MODERATOR).withServerData("{\"u\":1}")).jwt();

            JwtConsumer jose4j = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks.body()).getJsonWebKeys()))
                    .setExpectedIssuer("https://edge.example")
                    .setExpectedAudience("vidgate-test")
                    .setRequireExpirationTime()
                    .setRequireJwtId()
                    .build();
            JwtClaims claims = jose4j.processToClaims(jwt);
            assertThat(claims.getSubject()).isEqualTo(connectionId);
            assertThat(claims.getStringClaimValue("sid")).isEqualTo(sessionId);
            assertThat(claims.getStringClaimValue("role")).isEqualTo("MODERATOR");
            assertThat(claims.getStringClaimValue("data")).isEqualTo("{\"u\":1}");
            assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(600);
        }
    }

    private static HttpResponse<String> jwks(ConfigurableApplicationContext context) {
        int publicPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        return RealHttp.get(publicPort, "/.well-known/jwks.json", null);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
