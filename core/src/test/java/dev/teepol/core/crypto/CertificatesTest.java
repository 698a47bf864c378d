package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificatesTest {
  static X509Certificate root;
  static X509Certificate leaf;
  static String pem;

  @BeforeAll
  static void makeRoot() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=teepol test root");
    var b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(Instant.parse("2020-01-01T00:00:00Z")),
            Date.from(Instant.parse("2040-01-01T00:00:00Z")),
            name,
            kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    root =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    KeyPair lk = g.generateKeyPair();
    var lb =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.TWO,
            Date.from(Instant.parse("2024-01-01T00:00:00Z")),
            Date.from(Instant.parse("2025-05-21T00:00:00Z")),
            new X500Name("CN=teepol test leaf"),
            lk.getPublic());
    leaf =
        new JcaX509CertificateConverter()
            .getCertificate(
                lb.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(root.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void parsesChainsSeparatedByWhiteSpaceOrATrailingNul() throws Exception {
    assertThat(Certificates.parsePemChain(pem + "\n" + pem + "\0", 8)).hasSize(2);
  }

  @Test
  void refusesDamagedOrHostileText() {
    assertThatThrownBy(() -> Certificates.parsePemChain(pem + "junk\n" + pem, 8))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("unexpected text");
    assertThatThrownBy(
            () -> Certificates.parsePemChain(pem.replace("-----END CERTIFICATE-----", ""), 8))
        .hasMessageContaining("no END CERTIFICATE");
    assertThatThrownBy(() -> Certificates.parsePemChain(pem.replace("-----END", "-!---END"), 8))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> Certificates.parsePemChain(pem.repeat(9), 8))
        .hasMessageContaining("more than 8");
    assertThatThrownBy(() -> Certificates.parsePemChain("", 8))
        .hasMessageContaining("no PEM certificate");
  }

  /**
   * A character inside a PEM body is refused unless it is base64, '=' or white space: every ASCII
   * character one at a time, plus non-ASCII white space and a non-ASCII letter.
   */
  @Test
  void aPemBodyHoldsOnlyBase64AndWhiteSpace() throws Exception {
    int at = pem.indexOf('\n', pem.indexOf("-----BEGIN")) + 10;
    for (char c = 0; c < 160; c++) {
      boolean allowed =
          Character.isLetterOrDigit(c) && c < 128
              || c == '+'
              || c == '/'
              || c == '='
              || Character.isWhitespace(c);
      String damaged = pem.substring(0, at) + c + pem.substring(at);
      if (Character.isWhitespace(c)) {
        assertThat(Certificates.parsePemChain(damaged, 8)).as("char %d", (int) c).hasSize(1);
      } else if (allowed) {
        // A base64 character shifts the encoding: the DER may break, but not on this check.
        try {
          Certificates.parsePemChain(damaged, 8);
        } catch (CertificateException e) {
          assertThat(e.getMessage()).as("char %d", (int) c).doesNotContain("unexpected character");
        }
      } else {
        assertThatThrownBy(() -> Certificates.parsePemChain(damaged, 8))
            .as("char %d", (int) c)
            .hasMessageContaining("unexpected character at " + at);
      }
    }
    String unicodeSpace = pem.substring(0, at) + '\u2028' + pem.substring(at);
    assertThat(Certificates.parsePemChain(unicodeSpace, 8)).hasSize(1);
    String unicodeLetter = pem.substring(0, at) + '\u00e9' + pem.substring(at);
    assertThatThrownBy(() -> Certificates.parsePemChain(unicodeLetter, 8))
        .hasMessageContaining("unexpected character");
  }

  @Test
  void pathValidationIsJudgedAtTheInjectedInstant() {
    assertThat(
            Certificates.validatePath(
                List.of(root), List.of(root), Instant.parse("2030-01-01T00:00:00Z")))
        .isEmpty();
    assertThat(
            Certificates.validatePath(
                    List.of(root), List.of(root), Instant.parse("2041-01-01T00:00:00Z"))
                .orElseThrow())
        .contains("expired");
    assertThat(
            Certificates.validatePath(
                    List.of(root), List.of(), Instant.parse("2030-01-01T00:00:00Z"))
                .orElseThrow())
        .contains("no trust anchor");
  }

  @Test
  void anExpiredCertificateInAChainIsNamedWithTheDateItExpired() {
    assertThat(
            Certificates.validatePath(
                    List.of(leaf, root), List.of(root), Instant.parse("2026-01-01T00:00:00Z"))
                .orElseThrow())
        .isEqualTo(
            "'CN=teepol test leaf' expired on 2025-05-21T00:00:00Z (certificate 0 of the chain)");
    assertThat(
            Certificates.validatePath(
                    List.of(leaf, root), List.of(root), Instant.parse("2023-01-01T00:00:00Z"))
                .orElseThrow())
        .startsWith("'CN=teepol test leaf' not valid before 2024-01-01T00:00:00Z");
    assertThat(
            Certificates.validatePath(
                List.of(leaf, root), List.of(root), Instant.parse("2025-01-01T00:00:00Z")))
        .isEmpty();
  }

  /**
   * A certificate the JDK decodes but Bouncy Castle's strict DER reader refuses ("unexpected
   * end-of-contents marker"), found by TpmAppraiseFuzzTest in a mutated AK certificate: its SPKI
   * hash is the hash of the key the JDK decoded, not an IllegalArgumentException.
   */
  @Test
  void spkiHashOfACertificateBouncyCastleRefusesIsTheJdkKeysHash() throws Exception {
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                """
      MIIDKjCCAtCgAwIBAgIBBzAKBggqhkjOPQQDAjBjMT4wPAYDVQQDDDVUZWVwb2wgVGVzdCBUUE0g
      QUsgQ0EgSW50ZXJtZWRpYXRlICh0ZWVwb2wtdHBtLWFrLWNhKTEUMBIGA1UECgwLVGVlcG9sIFRl
      c3QxCzAJBgNVBAYTAlVTMB4XDTIwMDEwMTAwMDAwMFoXDTQwMDEwMTAwMDAwMFowADCCASIwDQYJ
      KoZIhvcNAQEBBQADggEPADCCAQoCggEBANV36ZlDRkkxOh3orlZ30XkBYg0ZbBlAKML2NfWvBjL0
      zanTQA9dQc2VYGS6GGTV7sEJwR5JVfO1EjC9bZXAJ0LD+GmmCr5vwrX1QtcRu3Y0VraivgZQuFdk
      k0JpRNQ4yVVRyD/HKVcL31aick+dmakjhghTh9Ia0sZ2kdrck+jpz4cFcvNhrfhemKYS2LVOVt9t
      GR9HByV8ZmJDPOkCfZ2wiKKQH0zR96mr4z/KIUJ3tsJSjupdKKUiVgfkgygw+vpWPVdehkea0553
      HNq/QEUHkaL0WF6oVQdnVxJYpT1dZ3Hp0DKTbL63nLbASKbTV1Y/HIVjFZZS0fuiAAwV8Q0CAwEA
      AaOCAQswggEHMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMB0GA1UdDgQAABRDr4cE7J3+
      /Gr1MnczMaFysNyZ1TAfBgNVHSMEGDAWgBS+u7ykNQPtbvB4zhkhzUAYrd6NIjBTBgNVHREBAf8E
      STBHpEUwQzEWMBQGBWeBBQIBDAtpZDo1NDQ1NTM1NDERMA8GBWeBBQICDAZTaW1UUE0xFjAUBgVn
      gQUCAwwLaWQ6MDAwMTAwMDAwUgYKKwYBBAHWeQIBFQREMEIMDmV1cm9wZS13ZXN0NC1hAgUcvpka
      FAwKdGVlcG9sLXNpbQIHDxJ2XfTJsgwGbm9kZS0zoAwwCqADAgEBoQMBAf8wCgYIKoZIzj0EAwID
      SAAwRQIgGPWmxdsqf/DUeUdPcTYCp22KhB4dJmkegzJqZlxGxAoCIQDAPY327jT0nq9HPkvU6C4+
      olyDoyj4Cz0lVuCmJ2ks3w==
                """);
    X509Certificate c = Certificates.parseDer(der);
    assertThatThrownBy(() -> org.bouncycastle.asn1.x509.Certificate.getInstance(c.getEncoded()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Certificates.spkiSha256Hex(c))
        .isEqualTo(
            dev.teepol.core.bytes.Hex.of(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(c.getPublicKey().getEncoded())));
  }
}
