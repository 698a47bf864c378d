package dev.teepol.providers.confidentialspace.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A stand-in for Google's Confidential Space PKI, shaped like the real one (a root, a long-lived
 * intermediate, short-lived leaves that sign tokens) under test names and keys derived from a seed.
 * Two PKIs from different seeds share every name, so an attacker's copy differs from the pinned one
 * only in its keys, exactly as a forged chain would.
 */
public final class SimCsPki {
  public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");
  static final X500Name ROOT =
      new X500Name("CN=Teepol Test Confidential Space Root CA,O=Teepol Test,C=US");
  static final X500Name INTERMEDIATE =
      new X500Name("CN=Teepol Test Confidential Space Intermediate CA,O=Teepol Test,C=US");
  static final X500Name LEAF =
      new X500Name("CN=Teepol Test Confidential Space Leaf Certificate,O=Teepol Test,C=US");

  private final String seed;
  private final SimRsaKey rootKey;
  private final SimRsaKey intermediateKey;
  private final X509Certificate root;
  private final X509Certificate intermediate;

  private SimCsPki(String seed) {
    this.seed = seed;
    this.rootKey = SimRsaKey.derive(seed, "cs-root", 2048);
    this.intermediateKey = SimRsaKey.derive(seed, "cs-intermediate", 2048);
    this.root =
        certificate(ROOT, rootKey.publicKey(), ROOT, rootKey, 1, NOT_BEFORE, NOT_AFTER, true);
    this.intermediate =
        certificate(
            INTERMEDIATE,
            intermediateKey.publicKey(),
            ROOT,
            rootKey,
            2,
            NOT_BEFORE,
            NOT_AFTER,
            true);
  }

  public static SimCsPki create(String seed) {
    return new SimCsPki(seed);
  }

  /** The certificate tests pin as the Confidential Space root. */
  public X509Certificate root() {
    return root;
  }

  public X509Certificate intermediate() {
    return intermediate;
  }

  /** This PKI's token signing key (one per PKI: a leaf certificate is issued per token). */
  public SimRsaKey signingKey() {
    return SimRsaKey.derive(seed, "cs-leaf", 2048);
  }

  /** A leaf for {@link #signingKey()}, valid over [notBefore, notAfter]. */
  public X509Certificate leaf(Instant notBefore, Instant notAfter) {
    return leaf(signingKey().publicKey(), notBefore, notAfter, false);
  }

  /** A leaf for {@code key}; {@code ca} makes it (wrongly) a CA certificate. */
  public X509Certificate leaf(PublicKey key, Instant notBefore, Instant notAfter, boolean ca) {
    return certificate(
        LEAF,
        key,
        INTERMEDIATE,
        intermediateKey,
        notBefore.getEpochSecond(),
        notBefore,
        notAfter,
        ca);
  }

  /** x5c as Google sends it: leaf, intermediate, root. */
  public List<X509Certificate> chain(X509Certificate leaf) {
    return List.of(leaf, intermediate, root);
  }

  private static X509Certificate certificate(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuer,
      SimRsaKey issuerKey,
      long serial,
      Instant notBefore,
      Instant notAfter,
      boolean isCa) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(serial),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKey);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(issuerKey.publicKey()));
      return new JcaX509CertificateConverter().getCertificate(b.build(issuerKey.contentSigner()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
