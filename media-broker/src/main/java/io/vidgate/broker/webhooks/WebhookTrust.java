package io.vidgate.broker.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a webhook receiver's TLS certificate may chain to: the JVM's trust store (its {@code cacerts}, or
 * {@code javax.net.ssl.trustStore}), plus the CA certificates of {@code vidgate.webhooks.trusted-ca-file} for a
 * receiver behind a private CA. Never "trust all": a receiver's certificate that chains to neither is refused,
 * and its host name is checked (HttpClient's default verifier).
 */
final class WebhookTrust {

    private WebhookTrust() {
    }

    /** @throws IllegalArgumentException naming the property when the file holds no readable certificate */
    static SSLContext sslContext(Path trustedCaFile) {
        try {
            if (trustedCaFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate system : systemTrustManager().getAcceptedIssuers()) {
                anchors.setCertificateEntry("system-" + n++, system);
            }
            Collection<? extends Certificate> extra = readCertificates(trustedCaFile);
            for (Certificate certificate : extra) {
                anchors.setCertificateEntry("trusted-ca-file-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("vidgate.webhooks.trusted-ca-file: cannot use " + trustedCaFile + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path file)
            throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("vidgate.webhooks.trusted-ca-file: no PEM certificate in " + file);
        }
        return certificates;
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("The JVM has no X.509 trust manager");
    }
}
