package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files, with HTTP/2 negotiated by ALPN; and h2c on a cleartext listener. */
class TlsHttp2Test {
  @TempDir Path tmp;

  @Test
  void servesHttp2OverTlsFromPemFiles() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    Instant now = Instant.now().minusSeconds(60);
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        new X500Name("CN=127.0.0.1"),
                        BigInteger.ONE,
                        Date.from(now),
                        Date.from(now.plus(Duration.ofDays(1))),
                        new X500Name("CN=127.0.0.1"),
                        kp.getPublic())
                    .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    Path certPem = tmp.resolve("tls.crt");
    Path keyPem = tmp.resolve("tls.key");
    Files.writeString(certPem, pem(cert));
    // PKCS#8, as openssl genpkey and cert-manager write it.
    Files.writeString(
        keyPem,
        pem(
            new org.bouncycastle.util.io.pem.PemObject(
                "PRIVATE KEY", kp.getPrivate().getEncoded())));

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);

    try (Fixture f = new Fixture(tmp)) {
      f.start(f.config().tls(certPem, keyPem));
      assertThat(f.server.uri().getScheme()).isEqualTo("https");
      HttpClient client =
          HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(f.uri("/healthz")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      HttpResponse<String> v =
          client.send(
              HttpRequest.newBuilder(f.uri("/v1/verify?policy=tdx-service"))
                  .header("Content-Type", "application/octet-stream")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Fixture.simulated().quote().clone()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(v.body()).contains("\"decision\":\"ALLOW\"");
    }
  }

  @Test
  void aCleartextListenerUpgradesToH2c() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(f.uri("/healthz")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsAStartError() throws Exception {
    Path cert = tmp.resolve("c.pem");
    Path key = tmp.resolve("k.pem");
    Files.writeString(cert, "not a certificate");
    Files.writeString(key, "not a key");
    try (Fixture f = new Fixture(tmp)) {
      try {
        f.start(f.config().tls(cert, key));
        throw new AssertionError("started with junk TLS files");
      } catch (TeepolServer.StartException e) {
        assertThat(e.getMessage()).contains("c.pem");
      }
    }
  }

  static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }
}
