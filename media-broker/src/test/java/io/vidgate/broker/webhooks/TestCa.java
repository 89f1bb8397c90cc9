package io.vidgate.broker.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code 127.0.0.1} made at test time by the JDK's {@code keytool} (as e2e's
 * TestCertificate; no key is committed): the receiver's TLS identity and, being its own issuer, the "private CA"
 * a {@code trusted-ca-file} names.
 *
 * @param serverTls   an SSLContext presenting the certificate (the HTTPS receiver)
 * @param certificate the certificate, PEM (what {@code vidgate.webhooks.trusted-ca-file} points to)
 */
record TestCa(SSLContext serverTls, Path certificate) {

    private static final char[] PASSWORD = "webhooks-test".toCharArray();

    static TestCa generate(Path folder) throws IOException, GeneralSecurityException, InterruptedException {
        return generate(folder, "ip:127.0.0.1,dns:localhost");
    }

    /** @param names the certificate's subject alternative names, keytool's form ({@code dns:other.example}) */
    static TestCa generate(Path folder, String names) throws IOException, GeneralSecurityException,
            InterruptedException {
        Path store = folder.resolve("receiver.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "receiver",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=" + names, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).redirectOutput(folder.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + Files.readString(folder.resolve("keytool.log")));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        Path pem = folder.resolve("ca.pem");
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getCertificate("receiver").getEncoded());
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
        return new TestCa(tls, pem);
    }
}
