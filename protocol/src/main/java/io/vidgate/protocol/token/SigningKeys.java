package io.vidgate.protocol.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.vidgate.protocol.LogSafe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The gateway's token signing keys: EC P-256 private keys, each with a {@code kid}.
 *
 * <p><b>The first key signs; all keys verify.</b> To rotate: put the new key <em>first</em> (after the broker has
 * its public part, see {@code protocol/README.md}), keep the old one after it until every token it signed has
 * expired ({@code vidgate.tokens.ttl}), then remove it.
 *
 * <p>File format: a JWK set, {@code {"keys":[{"kty":"EC","crv":"P-256","kid":"…","x":"…","y":"…","d":"…"}]}}.
 * Refused, with a message naming the file and the key: no keys, a key without {@code kid}, duplicate kids,
 * non-EC keys, curves other than P-256, symmetric ({@code oct}) keys, public-only keys (they cannot sign),
 * {@code use} other than {@code sig}, {@code alg} other than {@code ES256}, and keys whose private and public
 * parts do not match.
 */
public final class SigningKeys {
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final List<ECKey> keys;
    private final ECDSASigner signer;
    private final PublicKeySet publicKeys;

    private SigningKeys(List<ECKey> keys, String source) {
        this.keys = List.copyOf(keys);
        for (ECKey key : this.keys) {
            checkKeyPairMatches(key, source);
        }
        try {
            this.signer = new ECDSASigner(this.keys.get(0));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(source + ": key " + LogSafe.quote(this.keys.get(0).getKeyID()) + " cannot sign ES256: " + e.getMessage(), e);
        }
        this.publicKeys = PublicKeySet.of(this.keys);
    }

    /** Parses a private JWK set. */
    public static SigningKeys parse(String jwkSetJson, String source) {
        return new SigningKeys(JwkSetParser.parseEcP256Keys(jwkSetJson, source, true), source);
    }

    /** Reads a private JWK set file; every message names the file. */
    public static SigningKeys load(Path file) throws IOException {
        String source = "signing key file " + file;
        return parse(Files.readString(file, StandardCharsets.UTF_8), source);
    }

    /** Keys from code (tests, an environment variable parsed elsewhere); the same checks as a file. */
    public static SigningKeys of(List<ECKey> keys) {
        JWKSet set = new JWKSet(new ArrayList<JWK>(keys));
        return parse(set.toString(false), "the given keys");
    }

    /** A set of one freshly generated key. */
    public static SigningKeys generate() {
        return of(List.of(generateKey()));
    }

    /** A new P-256 key for ES256 with a random {@code kid}, {@code use: sig} and {@code alg: ES256}. */
    public static ECKey generateKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(Randoms.urlSafe(12))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /**
     * Development helper: loads {@code file}, or, when it does not exist, generates one key and writes it there,
     * readable by the owner only ({@code rw-------}; directories it creates are {@code rwx------}; on file
     * systems without POSIX permissions the defaults apply). The result says whether a key was generated, so the
     * caller can warn: production keys should be provisioned, not generated on first start.
     */
    public static LoadedSigningKeys loadOrGenerate(Path file) throws IOException {
        if (Files.exists(file)) {
            return new LoadedSigningKeys(load(file), file, false);
        }
        SigningKeys generated = generate();
        try {
            writeOwnerOnly(file, generated.toPrivateJson(), false);
        } catch (FileAlreadyExistsException raced) {
            // Another process wrote it first: use theirs, so that both sign with the same key.
            return new LoadedSigningKeys(load(file), file, false);
        }
        return new LoadedSigningKeys(generated, file, true);
    }

    /**
     * Writes these keys to {@code file} as a private JWK set, replacing what is there, with the same care as
     * {@link #loadOrGenerate}: owner-only permissions from the start, and a complete file or none (written beside
     * it, then moved into place). For key management ({@code KeyTool}); the gateway itself never writes keys.
     */
    public void writeTo(Path file) throws IOException {
        writeOwnerOnly(file, toPrivateJson(), true);
    }

    /** These keys and {@code key} after them: it verifies tokens, the first key still signs (rotation, step 1). */
    public SigningKeys withKeyAdded(ECKey key) {
        List<ECKey> more = new ArrayList<>(keys);
        more.add(key);
        return of(more);
    }

    /** The same keys with {@code kid} first, so that it signs; the others keep their order (rotation, step 2). */
    public SigningKeys withSigningKey(String kid) {
        ECKey first = keys.stream().filter(key -> key.getKeyID().equals(kid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key " + LogSafe.quote(kid) + " in " + keyIds()));
        List<ECKey> reordered = new ArrayList<>(List.of(first));
        keys.stream().filter(key -> key != first).forEach(reordered::add);
        return of(reordered);
    }

    /** The signing key alone: tokens signed with the others stop verifying (rotation, step 3). */
    public SigningKeys withSigningKeyOnly() {
        return of(List.of(keys.get(0)));
    }

    // Write a private temporary file, then move it into place: the key is never readable by others, not even for a
    // moment, and a crash never leaves a half-written key file behind.
    private static void writeOwnerOnly(Path file, String json, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(dir, ".signing-keys", ".tmp", attributes);
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            if (posix) {
                Files.setPosixFilePermissions(temporary, OWNER_ONLY_FILE); // in case a umask or ACL widened them
            }
            if (replace) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(temporary, file);
            }
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (NoSuchFileException ignored) {
                // moved
            }
        }
    }

    /** The {@code kid} of the key that signs new tokens (the first). */
    public String signingKeyId() {
        return keys.get(0).getKeyID();
    }

    /** All key ids, signing key first. */
    public List<String> keyIds() {
        return keys.stream().map(ECKey::getKeyID).toList();
    }

    /** The public parts, for verifiers. */
    public PublicKeySet publicKeys() {
        return publicKeys;
    }

    /** The public JWK set JSON served at {@code /.well-known/jwks.json}: no private parts, ever. */
    public String publicJwkSet() {
        return publicKeys.toJson();
    }

    ECDSASigner signer() {
        return signer;
    }

    /** The private JWK set, for writing the key file only. */
    String toPrivateJson() {
        return new JWKSet(new ArrayList<JWK>(keys)).toString(false);
    }

    /** Key ids only: the default {@code toString} of a JWK would print the private key. */
    @Override
    public String toString() {
        return "SigningKeys" + keyIds() + " (signing: " + signingKeyId() + ")";
    }

    /**
     * Signs and verifies a probe with each key: a JWK whose {@code d} does not belong to its {@code x}/{@code y}
     * parses fine but would sign tokens that no verifier accepts. Better to find out at start.
     */
    private static void checkKeyPairMatches(ECKey key, String source) {
        try {
            JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
            byte[] probe = "vidgate signing key check".getBytes(StandardCharsets.US_ASCII);
            Base64URL signature = new ECDSASigner(key).sign(header, probe);
            if (!new ECDSAVerifier(key.toPublicJWK()).verify(header, probe, signature)) {
                throw new IllegalArgumentException(source + ", key " + LogSafe.quote(key.getKeyID())
                        + ": the private part (\"d\") does not belong to the public part (\"x\", \"y\")");
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException(source + ", key " + LogSafe.quote(key.getKeyID()) + " cannot sign ES256: " + e.getMessage(), e);
        }
    }
}
