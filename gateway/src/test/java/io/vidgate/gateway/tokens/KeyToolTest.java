package io.vidgate.gateway.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;

import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.PublicKeySet;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key tool as docker-compose's token-keys service and an operator rotating keys run it. */
class KeyToolTest {

    private static final TokenSettings SETTINGS = TokenSettings.of("vidgate", "vidgate");
    private static final String SESSION = "ses_KeyTool";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path privateFile() {
        return dir.resolve("keys/signing-keys.jwks.json");
    }

    private Path publicFile() {
        return dir.resolve("public/gateway-public-keys.jwks.json");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return KeyTool.run(args, Map.of(KeyTool.PRIVATE_ENV, privateFile().toString(),
                KeyTool.PUBLIC_ENV, publicFile().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void initGeneratesOnceAndWritesThePublicSetBesideIt() throws Exception {
        assertThat(run("init")).as(printed()).isZero();
        SigningKeys first = SigningKeys.load(privateFile());
        assertThat(first.keyIds()).hasSize(1);
        assertThat(PublicKeySet.load(publicFile()).keyIds()).containsExactlyElementsOf(first.keyIds());
        assertThat(Files.readString(publicFile())).doesNotContain("\"d\"");
        assertThat(printed()).doesNotContain(Files.readString(privateFile()));
        if (privateFile().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(publicFile()))).isEqualTo("rw-r--r--");
        }

        // Every start of the compose file runs init again: the keys stay.
        assertThat(run("init")).as(printed()).isZero();
        assertThat(SigningKeys.load(privateFile()).keyIds()).isEqualTo(first.keyIds());
    }

    @Test
    void rotationNeverLeavesATokenTheBrokerCannotVerify() throws Exception {
        assertThat(run("init")).isZero();
        SigningKeys before = SigningKeys.load(privateFile());
        String oldToken = sign(before);

        // 1. add: the broker learns the new key; the gateway still signs with the old one.
        assertThat(run("add")).as(printed()).isZero();
        SigningKeys added = SigningKeys.load(privateFile());
        assertThat(added.signingKeyId()).isEqualTo(before.signingKeyId());
        assertThat(added.keyIds()).hasSize(2);
        String newKid = added.keyIds().get(1);
        assertThat(printed()).contains("Added key " + newKid);
        PublicKeySet brokerKeys = PublicKeySet.load(publicFile());
        assertThat(brokerKeys.keyIds()).containsExactly(before.signingKeyId(), newKid);

        // 2. promote: new tokens carry the new key; old tokens still verify at the broker.
        assertThat(run("promote")).as(printed()).isZero();
        SigningKeys promoted = SigningKeys.load(privateFile());
        assertThat(promoted.signingKeyId()).isEqualTo(newKid);
        String newToken = sign(promoted);
        ConnectionTokenVerifier broker = verifier(PublicKeySet.load(publicFile()));
        assertThat(broker.verify(oldToken, SESSION).keyId()).isEqualTo(before.signingKeyId());
        assertThat(broker.verify(newToken, SESSION).keyId()).isEqualTo(newKid);

        // 3. retire: only the new key is left, in both files.
        assertThat(run("retire")).as(printed()).isZero();
        assertThat(SigningKeys.load(privateFile()).keyIds()).containsExactly(newKid);
        assertThat(PublicKeySet.load(publicFile()).keyIds()).containsExactly(newKid);

        assertThat(run("list")).isZero();
        assertThat(printed()).contains("Keys (signing first): " + newKid);
    }

    @Test
    void promoteTakesAKeyIdAndRefusesAnUnknownOne() throws Exception {
        assertThat(run("init")).isZero();
        String original = SigningKeys.load(privateFile()).signingKeyId();
        assertThat(run("add")).isZero();
        assertThat(run("promote", "no-such-kid")).isEqualTo(1);
        assertThat(printed()).contains("no-such-kid");
        assertThat(run("promote", original)).as(printed()).isZero();
        assertThat(SigningKeys.load(privateFile()).signingKeyId()).isEqualTo(original);
    }

    @Test
    void mistakesAreReportedWithoutTouchingAnything() {
        assertThat(run()).isEqualTo(2);
        assertThat(printed()).contains("usage: KeyTool");
        assertThat(run("rotate")).isEqualTo(2);
        assertThat(printed()).contains("unknown command rotate");
        assertThat(run("add")).isEqualTo(1);
        assertThat(printed()).contains("run init first");
        assertThat(Files.exists(privateFile())).isFalse();
        assertThat(KeyTool.run(new String[] {"init"}, Map.of(), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    }

    @Test
    void filesCanBeGivenAsOptions() throws Exception {
        Path other = dir.resolve("elsewhere.jwks.json");
        Path otherPublic = dir.resolve("elsewhere.public.jwks.json");
        assertThat(KeyTool.run(new String[] {"init", "--private-file=" + other, "--public-file=" + otherPublic},
                Map.of(), new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(PublicKeySet.load(otherPublic).keyIds()).containsExactlyElementsOf(SigningKeys.load(other).keyIds());
    }

    private static String sign(SigningKeys keys) {
        return new ConnectionTokenIssuer(keys, SETTINGS, Clock.systemUTC())
                .issue(ConnectionGrant.of(SESSION, "con_KeyToolT01", Role.PUBLISHER)).jwt();
    }

    private static ConnectionTokenVerifier verifier(PublicKeySet keys) {
        return new ConnectionTokenVerifier(SETTINGS, keys, Clock.systemUTC());
    }
}
