package io.vidgate.e2e.browser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made at test time by the JDK's
 * {@code keytool} (no private key is committed) and written as the two PEM files an operator mounts into the
 * gateway ({@code fullchain.pem}, {@code privkey.pem}, as docs/deployment.md names them).
 *
 * @param certificate the certificate, PEM
 * @param privateKey  its key, PEM (PKCS #8)
 * @param spkiSha256  base64 SHA-256 of its public key (the SubjectPublicKeyInfo): what Chromium's
 *                    {@code --ignore-certificate-errors-spki-list} trusts — this one key, not every certificate
 */
public record TestCertificate(Path certificate, Path privateKey, String spkiSha256) {

    private static final char[] STORE_PASSWORD = "e2e-only".toCharArray();

    /** Generates a fresh key pair and certificate into {@code folder}. */
    public static TestCertificate generate(Path folder) throws IOException, GeneralSecurityException,
            InterruptedException {
        Files.createDirectories(folder);
        Path store = folder.resolve("tls.p12");
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "vidgate",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)))
                .redirectErrorStream(true).redirectOutput(folder.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + Files.readString(folder.resolve("keytool.log")));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("vidgate");
        PrivateKey key = (PrivateKey) keys.getKey("vidgate", STORE_PASSWORD);
        Path certificateFile = folder.resolve("fullchain.pem");
        Path keyFile = folder.resolve("privkey.pem");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        String spki = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        return new TestCertificate(certificateFile, keyFile, spki);
    }

    /** A trust store holding only this certificate, for Java clients that should trust it. */
    public KeyStore trustStore() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("vidgate", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return trust;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
