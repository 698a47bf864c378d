package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Path validation and revocation against a small test PKI (root → intermediate → leaves): a check
 * that was missing would let one of these through, so each test pairs the good case with the bad.
 */
class CertificatePathAndRevocationTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static KeyPair rootKey;
  static KeyPair interKey;
  static X509Certificate root;
  static X509Certificate inter;
  static X509Certificate leaf;
  static X509Certificate sibling;
  static X509Certificate impostorRoot;
  static X509Certificate otherRoot;
  static X509Certificate forgedLeaf;
  static X509Certificate shortRoot;
  static X509Certificate outlivingLeaf;
  static X509Certificate strangerLeaf;

  static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static X509Certificate cert(
      String issuer,
      PrivateKey signer,
      String subject,
      PublicKey key,
      long serial,
      String from,
      String to,
      boolean ca)
      throws Exception {
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(serial),
            Date.from(Instant.parse(from)),
            Date.from(Instant.parse(to)),
            new X500Name(subject),
            key);
    if (ca) {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  static X509CRL crl(
      String issuer, PrivateKey signer, String thisUpdate, String nextUpdate, long... revoked)
      throws Exception {
    X509v2CRLBuilder b =
        new X509v2CRLBuilder(new X500Name(issuer), Date.from(Instant.parse(thisUpdate)));
    if (nextUpdate != null) {
      b.setNextUpdate(Date.from(Instant.parse(nextUpdate)));
    }
    for (long s : revoked) {
      b.addCRLEntry(
          BigInteger.valueOf(s), Date.from(Instant.parse(thisUpdate)), CRLReason.keyCompromise);
    }
    X509CRL built =
        new JcaX509CRLConverter()
            .getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    // Through the parser the providers use, so the JDK's CRL implementation is what is tested.
    return Certificates.parseCrl(built.getEncoded());
  }

  @BeforeAll
  static void pki() throws Exception {
    rootKey = ec();
    interKey = ec();
    KeyPair leafKey = ec();
    root =
        cert(
            "CN=test root",
            rootKey.getPrivate(),
            "CN=test root",
            rootKey.getPublic(),
            1,
            "2020-01-01T00:00:00Z",
            "2040-01-01T00:00:00Z",
            true);
    inter =
        cert(
            "CN=test root",
            rootKey.getPrivate(),
            "CN=test intermediate",
            interKey.getPublic(),
            2,
            "2021-01-01T00:00:00Z",
            "2039-01-01T00:00:00Z",
            true);
    leaf =
        cert(
            "CN=test intermediate",
            interKey.getPrivate(),
            "CN=test leaf",
            leafKey.getPublic(),
            10,
            "2024-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            false);
    sibling =
        cert(
            "CN=test intermediate",
            interKey.getPrivate(),
            "CN=test sibling",
            ec().getPublic(),
            11,
            "2024-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            false);
    KeyPair impostorKey = ec();
    impostorRoot =
        cert(
            "CN=test root",
            impostorKey.getPrivate(),
            "CN=test root",
            impostorKey.getPublic(),
            1,
            "2020-01-01T00:00:00Z",
            "2040-01-01T00:00:00Z",
            true);
    KeyPair otherKey = ec();
    otherRoot =
        cert(
            "CN=other root",
            otherKey.getPrivate(),
            "CN=other root",
            otherKey.getPublic(),
            1,
            "2020-01-01T00:00:00Z",
            "2040-01-01T00:00:00Z",
            true);
    // Names the intermediate as issuer but is signed by another key.
    forgedLeaf =
        cert(
            "CN=test intermediate",
            ec().getPrivate(),
            "CN=test leaf",
            leafKey.getPublic(),
            10,
            "2024-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            false);
    KeyPair shortKey = ec();
    shortRoot =
        cert(
            "CN=short root",
            shortKey.getPrivate(),
            "CN=short root",
            shortKey.getPublic(),
            1,
            "2020-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            true);
    outlivingLeaf =
        cert(
            "CN=short root",
            shortKey.getPrivate(),
            "CN=outliving leaf",
            ec().getPublic(),
            5,
            "2024-01-01T00:00:00Z",
            "2035-01-01T00:00:00Z",
            false);
    // Same serial as the revoked leaf, but another issuer.
    strangerLeaf =
        cert(
            "CN=other root",
            otherKey.getPrivate(),
            "CN=stranger",
            ec().getPublic(),
            10,
            "2024-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            false);
  }

  @Test
  void aChainToTheAnchorIsValidWithOrWithoutTheRootItself() {
    assertThat(Certificates.validatePath(List.of(leaf, inter, root), List.of(root), NOW)).isEmpty();
    assertThat(Certificates.validatePath(List.of(leaf, inter), List.of(root), NOW)).isEmpty();
    assertThat(Certificates.validatePath(List.of(inter), List.of(root), NOW)).isEmpty();
  }

  @Test
  void aChainEndingInARootThatIsNotTheAnchorFailsEvenWhenItsNameMatches() {
    // The impostor has the anchor's name; only the bytes can tell them apart.
    assertThat(
            Certificates.validatePath(List.of(leaf, inter, impostorRoot), List.of(root), NOW)
                .orElseThrow())
        .contains("not the configured trust anchor");
    assertThat(
            Certificates.validatePath(List.of(leaf, inter, root), List.of(otherRoot), NOW)
                .orElseThrow())
        .contains("not the configured trust anchor");
    assertThat(Certificates.validatePath(List.of(root), List.of(otherRoot), NOW).orElseThrow())
        .contains("not the configured trust anchor");
  }

  @Test
  void aCertificateSignedByAnotherKeyFails() {
    assertThat(Certificates.validatePath(List.of(forgedLeaf, inter), List.of(root), NOW))
        .isPresent();
    assertThat(Certificates.validatePath(List.of(leaf), List.of(otherRoot), NOW)).isPresent();
    assertThat(Certificates.validatePath(List.of(), List.of(root), NOW).orElseThrow())
        .contains("empty");
  }

  @Test
  void anExpiredAnchorFailsTheChainItIssued() {
    // PKIX itself ignores the anchor's validity window; validatePath checks it.
    assertThat(
            Certificates.validatePath(
                List.of(outlivingLeaf), List.of(shortRoot), Instant.parse("2029-01-01T00:00:00Z")))
        .isEmpty();
    assertThat(
            Certificates.validatePath(
                    List.of(outlivingLeaf),
                    List.of(root, shortRoot),
                    Instant.parse("2032-01-01T00:00:00Z"))
                .orElseThrow())
        .contains("short root")
        .contains("expired");
  }

  @Test
  void aCurrentCrlFromTheIssuerVerifiesAndAnyOtherDoesNot() throws Exception {
    PrivateKey ik = interKey.getPrivate();
    String in = "CN=test intermediate";
    assertThat(Crls.verify(crl(in, ik, "2026-01-01T00:00:00Z", "2026-12-01T00:00:00Z"), inter, NOW))
        .isEmpty();
    assertThat(
            Crls.verify(crl(in, ik, "2026-01-01T00:00:00Z", "2026-12-01T00:00:00Z"), root, NOW)
                .orElseThrow())
        .contains("is not");
    assertThat(
            Crls.verify(
                    crl(in, ec().getPrivate(), "2026-01-01T00:00:00Z", "2026-12-01T00:00:00Z"),
                    inter,
                    NOW)
                .orElseThrow())
        .contains("signature does not verify");
    assertThat(
            Crls.verify(crl(in, ik, "2026-07-01T00:00:00Z", "2026-12-01T00:00:00Z"), inter, NOW)
                .orElseThrow())
        .contains("not yet valid");
    assertThat(
            Crls.verify(crl(in, ik, "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z"), inter, NOW)
                .orElseThrow())
        .contains("expired");
    assertThat(Crls.verify(crl(in, ik, "2026-01-01T00:00:00Z", null), inter, NOW).orElseThrow())
        .contains("no nextUpdate");
  }

  @Test
  void aRevokedCertificateIsFoundAndAnUnrevokedOneIsNot() throws Exception {
    X509CRL crl =
        crl(
            "CN=test intermediate",
            interKey.getPrivate(),
            "2026-01-01T00:00:00Z",
            "2026-12-01T00:00:00Z",
            10);
    assertThat(Crls.firstRevoked(crl, List.of(sibling, leaf))).contains(leaf);
    assertThat(Crls.firstRevoked(crl, List.of(leaf, sibling))).contains(leaf);
    assertThat(Crls.firstRevoked(crl, List.of(sibling))).isEmpty();
    assertThat(Crls.firstRevoked(crl, List.of())).isEmpty();
    // Same serial, other issuer: not what this CRL revokes.
    assertThat(Crls.firstRevoked(crl, List.of(strangerLeaf))).isEmpty();
    X509CRL empty =
        crl(
            "CN=test intermediate",
            interKey.getPrivate(),
            "2026-01-01T00:00:00Z",
            "2026-12-01T00:00:00Z");
    assertThat(Crls.firstRevoked(empty, List.of(leaf, sibling))).isEmpty();
  }
}
