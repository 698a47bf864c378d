package dev.teepol.providers.nras;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64;
import dev.teepol.providers.tdx.sim.SimKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
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
 * A stand-in for NVIDIA's NRAS signing PKI, shaped like the real one (a CA, a long-lived "GPU
 * Intermediate" that tests pin, short-lived leaves that certify the JWKS keys) under test names and
 * keys derived from a seed. Two PKIs from different seeds share every name, so an attacker's copy
 * differs from the pinned one only in its keys, exactly as a forged chain would.
 */
public final class SimNrasPki {
  public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");
  static final X500Name CA =
      new X500Name("CN=Teepol Test NVIDIA Attestation Service CA,O=Teepol Test,C=US");
  static final X500Name INTERMEDIATE =
      new X500Name("CN=Teepol Test NVIDIA Attestation Service GPU Intermediate,O=Teepol Test,C=US");
  static final X500Name LEAF =
      new X500Name("CN=Teepol Test NVIDIA Attestation Service GPU,O=Teepol Test,C=US");

  private final SimKey intermediateKey;
  private final X509Certificate ca;
  private final X509Certificate intermediate;

  private SimNrasPki(String seed) {
    SimKey caKey = SimKey.derive(seed, "nras-ca");
    this.intermediateKey = SimKey.derive(seed, "nras-intermediate");
    this.ca = build(CA, caKey.publicKey(), CA, caKey, BigInteger.ONE, NOT_BEFORE, NOT_AFTER, true);
    this.intermediate =
        build(
            INTERMEDIATE,
            intermediateKey.publicKey(),
            CA,
            caKey,
            BigInteger.TWO,
            NOT_BEFORE,
            NOT_AFTER,
            true);
  }

  public static SimNrasPki create(String seed) {
    return new SimNrasPki(seed);
  }

  public X509Certificate ca() {
    return ca;
  }

  /** The certificate tests pin as the NRAS intermediate. */
  public X509Certificate intermediate() {
    return intermediate;
  }

  /**
   * A leaf certifying {@code key}, valid over [notBefore, notAfter], issued by this PKI's
   * intermediate.
   */
  public X509Certificate leaf(PublicKey key, Instant notBefore, Instant notAfter) {
    return build(
        LEAF,
        key,
        INTERMEDIATE,
        intermediateKey,
        BigInteger.valueOf(notBefore.getEpochSecond()).add(BigInteger.TEN),
        notBefore,
        notAfter,
        false);
  }

  /**
   * {@code key} with {@code x5c} = [leaf, intermediate], the leaf valid over the whole test window.
   */
  public ECKey certify(ECKey key) {
    return certify(key, NOT_BEFORE, NOT_AFTER);
  }

  public ECKey certify(ECKey key, Instant notBefore, Instant notAfter) {
    try {
      return withChain(key, List.of(leaf(key.toECPublicKey(), notBefore, notAfter), intermediate));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code key} carrying exactly {@code chain} as its x5c, whatever that chain certifies. */
  public static ECKey withChain(ECKey key, List<X509Certificate> chain) {
    List<Base64> x5c = new ArrayList<>();
    for (X509Certificate c : chain) {
      try {
        x5c.add(Base64.encode(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    return new ECKey.Builder(key).x509CertChain(x5c).build();
  }

  private static X509Certificate build(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuer,
      SimKey issuerKey,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      boolean isCa) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              isCa
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                  : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
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
