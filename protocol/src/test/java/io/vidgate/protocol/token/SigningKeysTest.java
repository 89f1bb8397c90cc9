package io.vidgate.protocol.token;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static io.vidgate.protocol.token.TokenFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {
    @TempDir
    Path dir;

    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(false);
    }

    private static ECKey p256(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private Path write(String json) throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void loadsAValidFileSigningWithTheFirstKey() throws Exception {
        Path file = write(set(p256("new"), p256("old")));
        SigningKeys keys = SigningKeys.load(file);
        assertThat(keys.signingKeyId()).isEqualTo("new");
        assertThat(keys.keyIds()).containsExactly("new", "old");
        assertThat(keys.publicKeys().keyIds()).containsExactly("new", "old");
    }

    @Test
    void refusesKeysWithoutKid() throws Exception {
        Path file = write(set(new ECKeyGenerator(Curve.P_256).generate()));
        assertThatThrownBy(() -> SigningKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("kid");
    }

    @Test
    void refusesDuplicateKids() throws Exception {
        Path file = write(set(p256("same"), p256("same")));
        assertThatThrownBy(() -> SigningKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("twice");
    }

    @Test
    void refusesRsaKeys() throws Exception {
        Path file = write(set(p256("ec"), new RSAKeyGenerator(2048).keyID("rsa").generate()));
        assertThatThrownBy(() -> SigningKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("EC P-256");
    }

    @Test
    void refusesOtherCurves() throws Exception {
        Path file = write(set(new ECKeyGenerator(Curve.P_384).keyID("p384").generate()));
        assertThatThrownBy(() -> SigningKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("P-384");
    }

    @Test
    void refusesSymmetricKeysWithoutPrintingThem() throws Exception {
        var oct = new OctetSequenceKeyGenerator(256).keyID("hmac").generate();
        Path file = write(set(oct));
        assertThatThrownBy(() -> SigningKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("symmetric")
                .hasMessageNotContaining(oct.getKeyValue().toString());
    }

    @Test
    void refusesPublicOnlyKeys() throws Exception {
        Path file = write(set(p256("pub").toPublicJWK()));
        assertThatThrownBy(() -> SigningKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("cannot sign");
    }

    @Test
    void refusesKeysMeantForEncryptionOrAnotherAlg() throws Exception {
        ECKey enc = new ECKeyGenerator(Curve.P_256).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        assertThatThrownBy(() -> SigningKeys.parse(set(enc), "x")).hasMessageContaining("\"use\"");
        ECKey es512 = new ECKeyGenerator(Curve.P_256).keyID("alg").algorithm(com.nimbusds.jose.JWSAlgorithm.ES512).generate();
        assertThatThrownBy(() -> SigningKeys.parse(set(es512), "x")).hasMessageContaining("\"alg\"");
    }

    @Test
    void refusesMismatchedPrivateAndPublicParts() throws Exception {
        ECKey a = p256("a");
        ECKey b = p256("a");
        Map<String, Object> json = a.toJSONObject();
        json.put("d", b.getD().toString());
        String file = "{\"keys\":[" + JSONObjectUtils.toJSONString(json) + "]}";
        assertThatThrownBy(() -> SigningKeys.parse(file, "signing key file k.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k.json").hasMessageContaining("does not belong");
    }

    @Test
    void refusesGarbageAndEmptySets() throws Exception {
        for (String garbage : new String[] {"", "not json", "[]", "{}", "{\"keys\":[]}", "{\"keys\":[1]}", "{\"keys\":\"x\"}",
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"d\":\"AA\"}]}"}) {
            Path file = write(garbage);
            assertThatThrownBy(() -> SigningKeys.load(file))
                    .as(garbage).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
        }
    }

    @Test
    void errorMessagesNeverQuotePrivateKeyMaterial() throws Exception {
        ECKey key = p256("k");
        String d = key.getD().toString();
        String[] broken = {
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"d\":\"" + d + "\"}]}",
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-256\",\"d\":\"" + d + "\"}]}",
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-256\",\"x\":\"" + key.getX() + "\",\"y\":\"" + key.getY() + "\",\"d\":\"" + d + "\"",
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-256\",\"x\":\"" + key.getX() + "\",\"y\":\"" + key.getY() + "\",\"d\":" + d + "}]}",
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-256\",\"x\":\"" + key.getX() + "\",\"y\":\"" + key.getY() + "\",\"d\":[\"" + d + "\"]}]}",
                "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"k\",\"k\":\"" + d + "\"}]}",
        };
        for (String json : broken) {
            assertThatThrownBy(() -> SigningKeys.parse(json, "f")).as(json)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(d).hasMessageNotContaining(d.substring(0, 12));
        }
    }

    @Test
    void refusesUnknownKeyTypesThatNimbusWouldSkip() throws Exception {
        String json = "{\"keys\":[" + p256("ec").toJSONString() + ",{\"kty\":\"XYZ\",\"kid\":\"odd\"}]}";
        assertThatThrownBy(() -> SigningKeys.parse(json, "f")).hasMessageContaining("XYZ");
    }

    @Test
    void publicJwkSetNeverContainsPrivateParts() throws Exception {
        SigningKeys keys = SigningKeys.of(List.of(p256("one"), p256("two")));
        String json = keys.publicJwkSet();
        Map<String, Object> parsed = JSONObjectUtils.parse(json);
        List<Object> list = JSONObjectUtils.getJSONArray(parsed, "keys");
        assertThat(list).hasSize(2);
        for (Object key : list) {
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) key;
            assertThat(jwk).doesNotContainKey("d").containsKeys("kid", "kty", "crv", "x", "y");
        }
        assertThat(json).doesNotContain("\"d\"");
        assertThat(keys.publicKeys().toJson()).doesNotContain("\"d\"");
        // Feeding the private file to a verifier keeps only public parts too.
        assertThat(PublicKeySet.parse(keys.toPrivateJson(), "private file").toJson()).doesNotContain("\"d\"");
    }

    @Test
    void toStringShowsKeyIdsOnly() throws Exception {
        ECKey key = p256("visible-kid");
        SigningKeys keys = SigningKeys.of(List.of(key));
        assertThat(keys.toString()).contains("visible-kid").doesNotContain(key.getD().toString());
    }

    @Test
    void loadOrGenerateWritesAnOwnerOnlyFileOnceAndReusesIt() throws Exception {
        Path file = dir.resolve("secrets/nested/signing-keys.json");

        LoadedSigningKeys first = SigningKeys.loadOrGenerate(file);
        assertThat(first.generated()).isTrue();
        assertThat(first.keys().keyIds()).hasSize(1);
        assertThat(first.keys().signingKeyId()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(Files.readString(file)).contains("\"d\"");

        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets")))).isEqualTo("rwx------");
        }
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("signing-keys.json"); // no temp left
        }

        LoadedSigningKeys second = SigningKeys.loadOrGenerate(file);
        assertThat(second.generated()).isFalse();
        assertThat(second.keys().keyIds()).isEqualTo(first.keys().keyIds());
    }

    @Test
    void loadOrGenerateDoesNotOverwriteABrokenFile() throws Exception {
        Path file = write("{\"keys\":[]}");
        assertThatThrownBy(() -> SigningKeys.loadOrGenerate(file)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readString(file)).isEqualTo("{\"keys\":[]}");
    }

    @Test
    void writeToReplacesTheFileAtomicallyAndOwnerOnly() throws Exception {
        Path file = write("{\"keys\":[]}");
        SigningKeys keys = SigningKeys.of(List.of(p256("first"), p256("second")));

        keys.writeTo(file);

        assertThat(SigningKeys.load(file).keyIds()).containsExactly("first", "second");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("keys.json"); // no temp left
        }
    }

    @Test
    void rotationStepsAddPromoteAndRetireKeys() throws Exception {
        SigningKeys old = SigningKeys.of(List.of(p256("old")));
        ECKey fresh = p256("fresh");

        SigningKeys added = old.withKeyAdded(fresh);
        assertThat(added.keyIds()).containsExactly("old", "fresh");
        assertThat(added.signingKeyId()).isEqualTo("old");

        SigningKeys promoted = added.withSigningKey("fresh");
        assertThat(promoted.keyIds()).containsExactly("fresh", "old");

        assertThat(promoted.withSigningKeyOnly().keyIds()).containsExactly("fresh");
        assertThatThrownBy(() -> added.withSigningKey("missing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> added.withKeyAdded(p256("old"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old");
    }

    @Test
    void generatedKeysHaveDistinctRandomKids() {
        assertThat(SigningKeys.generateKey().getKeyID()).isNotEqualTo(SigningKeys.generateKey().getKeyID());
        ECKey key = SigningKeys.generateKey();
        assertThat(key.getCurve()).isEqualTo(Curve.P_256);
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    }

    @Test
    void rotationOldTokensVerifyWhileTheOldKeyStaysAndNewTokensUseTheFirstKey() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        ECKey oldKey = p256("2029-old");
        ECKey newKey = p256("2030-new");

        SigningKeys before = SigningKeys.of(List.of(oldKey));
        String oldToken = new ConnectionTokenIssuer(before, settings(), clock)
                .issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER)).jwt();

        // Rotation: the new key goes first; the old one stays after it.
        SigningKeys during = SigningKeys.of(List.of(newKey, oldKey));
        IssuedConnectionToken newToken = new ConnectionTokenIssuer(during, settings(), clock)
                .issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER));
        assertThat(newToken.keyId()).isEqualTo("2030-new");

        // The broker only has the public set.
        ConnectionTokenVerifier broker = new ConnectionTokenVerifier(settings(),
                PublicKeySet.parse(during.publicJwkSet(), "published JWK set"), clock);
        assertThat(broker.verify(oldToken, SESSION).keyId()).isEqualTo("2029-old");
        assertThat(broker.verify(newToken.jwt(), SESSION).keyId()).isEqualTo("2030-new");

        // Old key removed: its tokens no longer verify.
        SigningKeys after = SigningKeys.of(List.of(newKey));
        ConnectionTokenVerifier afterVerifier = new ConnectionTokenVerifier(settings(), after.publicKeys(), clock);
        assertThatThrownBy(() -> afterVerifier.verify(oldToken, SESSION))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.UNKNOWN_KEY));
        assertThat(afterVerifier.verify(newToken.jwt(), SESSION).keyId()).isEqualTo("2030-new");
    }

    @Test
    void hs256SecretsShorterThan32BytesAreRefusedAtStart() {
        assertThatThrownBy(() -> BackendApiKeys.of(Map.of(API_KEY, "too-short-secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vidgate.tokens.api-keys").hasMessageContaining(API_KEY).hasMessageContaining("32")
                .hasMessageNotContaining("too-short-secret");
        assertThatThrownBy(() -> BackendApiKeys.of(Map.of(API_KEY, "x".repeat(31)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(BackendApiKeys.of(Map.of(API_KEY, "x".repeat(32))).apiKeys()).containsExactly(API_KEY);
        assertThatThrownBy(() -> BackendApiKeys.of(Map.of("bad key\n", API_SECRET))).isInstanceOf(IllegalArgumentException.class);
        assertThat(BackendApiKeys.of(Map.of(API_KEY, API_SECRET)).toString()).doesNotContain(API_SECRET);
    }
}
