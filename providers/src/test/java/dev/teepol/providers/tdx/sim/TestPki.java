package dev.teepol.providers.tdx.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A stand-in for Intel's SGX PKI: root CA, PCK Platform CA, TCB signing certificate, PCK leaves and
 * CRLs, shaped like Intel's (same extensions, same CRL issuers) but under test names and keys
 * derived from a seed. Validity is fixed (2020..2040) so nothing depends on when tests run.
 */
public final class TestPki {
  public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");
  public static final String NAME_PREFIX = "Teepol Test SGX ";

  /** How the PKI names its certificates: CN prefix and the rest of the subject. */
  public enum Naming {
    /** "Teepol Test SGX ..." under O=Teepol Test: can never be mistaken for Intel's. */
    TEST,
    /**
     * Intel's subjects, copied ("Intel SGX Root CA", O=Intel Corporation, L=Santa Clara, ST=CA,
     * C=US): a forger's PKI, which only the anchor's key tells apart from Intel's.
     */
    INTEL_LOOKALIKE
  }

  /** A certificate with the key it certifies. */
  public record Issued(X509Certificate cert, SimKey key) {}

  private final String seed;
  private final Naming naming;
  private final Issued root;
  private final Issued platformCa;
  private final Issued tcbSigning;

  private TestPki(String seed, Naming naming) {
    this.seed = seed;
    this.naming = naming;
    SimKey rootKey = SimKey.derive(seed, "root-ca");
    this.root =
        new Issued(
            build(name("Root CA"), rootKey, name("Root CA"), rootKey, BigInteger.ONE, ca(1), null),
            rootKey);
    SimKey caKey = SimKey.derive(seed, "pck-platform-ca");
    this.platformCa =
        new Issued(
            build(
                name("PCK Platform CA"),
                caKey,
                name("Root CA"),
                rootKey,
                BigInteger.TWO,
                ca(0),
                root.cert()),
            caKey);
    SimKey tcbKey = SimKey.derive(seed, "tcb-signing");
    this.tcbSigning =
        new Issued(
            build(
                name("TCB Signing"),
                tcbKey,
                name("Root CA"),
                rootKey,
                BigInteger.valueOf(3),
                EndEntity.PLAIN,
                root.cert()),
            tcbKey);
  }

  public static TestPki create(String seed) {
    return new TestPki(seed, Naming.TEST);
  }

  public static TestPki create(String seed, Naming naming) {
    return new TestPki(seed, naming);
  }

  public Issued root() {
    return root;
  }

  public Issued platformCa() {
    return platformCa;
  }

  public Issued tcbSigning() {
    return tcbSigning;
  }

  /** A PCK certificate for {@code platform}, issued by the PCK Platform CA. */
  public Issued issuePckLeaf(PlatformTcb platform) {
    SimKey key = SimKey.derive(seed, "pck-leaf");
    byte[] ext = SgxExtension.encode(platform);
    // Serial from the extension, so leaves for different TCBs never share a serial (a CRL
    // revoking one must not revoke the other).
    BigInteger serial = new BigInteger(1, Arrays.copyOf(SimKey.sha256(ext), 16));
    return new Issued(
        build(
            name("PCK Certificate"),
            key,
            name("PCK Platform CA"),
            platformCa.key(),
            serial,
            EndEntity.withSgx(ext),
            platformCa.cert()),
        key);
  }

  /**
   * A PCK certificate for another platform (its own key and PPID, so its own serial), issued by the
   * same PCK Platform CA: the key of some other, since-revoked machine.
   */
  public Issued issueOtherPckLeaf(PlatformTcb otherPlatform) {
    SimKey key = SimKey.derive(seed, "pck-leaf-other");
    byte[] ext = SgxExtension.encode(otherPlatform);
    BigInteger serial = new BigInteger(1, Arrays.copyOf(SimKey.sha256(ext), 16));
    return new Issued(
        build(
            name("PCK Certificate"),
            key,
            name("PCK Platform CA"),
            platformCa.key(),
            serial,
            EndEntity.withSgx(ext),
            platformCa.cert()),
        key);
  }

  /** What a certificate may do: CA or end entity, and its key usage bits ({@link KeyUsage}). */
  public record Profile(boolean ca, int keyUsage) {
    /** Intel's TCB Signing certificate: end entity, digitalSignature and nonRepudiation. */
    public static final Profile SIGNING = new Profile(false, EndEntity.PLAIN.keyUsage());

    /** An issuing CA: keyCertSign and cRLSign. */
    public static final Profile CA = new Profile(true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
  }

  /**
   * A certificate named {@code cn} (under this PKI's {@link Naming}) for the key derived from
   * {@code keyLabel}, issued by {@code issuer}: for building signers that look right in one way and
   * are wrong in another (a CA named "TCB Signing", a TCB Signing name issued by the PCK CA, ...).
   */
  public Issued issue(String cn, String keyLabel, Issued issuer, Profile profile, long serial) {
    SimKey key = SimKey.derive(seed, keyLabel);
    Extensions ext =
        new Extensions(
            profile.ca() ? new BasicConstraints(0) : new BasicConstraints(false),
            profile.keyUsage(),
            null);
    X500Name issuerName =
        X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
    return new Issued(
        build(
            name(cn),
            key,
            issuerName,
            issuer.key(),
            BigInteger.valueOf(serial),
            ext,
            issuer.cert()),
        key);
  }

  /** A v2 CRL signed by {@code issuer}, revoking {@code revoked} (key compromise). */
  public static byte[] crl(
      Issued issuer, Instant thisUpdate, Instant nextUpdate, List<X509Certificate> revoked) {
    try {
      X509v2CRLBuilder b = new JcaX509v2CRLBuilder(issuer.cert(), Date.from(thisUpdate));
      b.setNextUpdate(Date.from(nextUpdate));
      for (X509Certificate c : revoked) {
        b.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
      }
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.cert()));
      return b.build(issuer.key().contentSigner()).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private X500Name name(String cn) {
    if (naming == Naming.INTEL_LOOKALIKE) {
      // The order of Intel's own subjects, so the DER is the same as theirs.
      return new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.CN, "Intel SGX " + cn)
          .addRDN(BCStyle.O, "Intel Corporation")
          .addRDN(BCStyle.L, "Santa Clara")
          .addRDN(BCStyle.ST, "CA")
          .addRDN(BCStyle.C, "US")
          .build();
    }
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, NAME_PREFIX + cn)
        .addRDN(BCStyle.O, "Teepol Test")
        .addRDN(BCStyle.C, "US")
        .build();
  }

  private static Extensions ca(int pathLen) {
    return new Extensions(
        new BasicConstraints(pathLen), KeyUsage.keyCertSign | KeyUsage.cRLSign, null);
  }

  /** The extensions that differ between the certificate kinds. */
  private record Extensions(BasicConstraints basic, int keyUsage, byte[] sgxExtension) {}

  private static final class EndEntity {
    static final Extensions PLAIN =
        new Extensions(
            new BasicConstraints(false), KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null);

    private EndEntity() {}

    static Extensions withSgx(byte[] sgx) {
      return new Extensions(PLAIN.basic(), PLAIN.keyUsage(), sgx);
    }
  }

  private static X509Certificate build(
      X500Name subject,
      SimKey subjectKey,
      X500Name issuer,
      SimKey issuerKey,
      BigInteger serial,
      Extensions ext,
      X509Certificate issuerCert) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              serial,
              Date.from(NOT_BEFORE),
              Date.from(NOT_AFTER),
              subject,
              subjectKey.publicKey());
      b.addExtension(Extension.basicConstraints, true, ext.basic());
      b.addExtension(Extension.keyUsage, true, new KeyUsage(ext.keyUsage()));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(subjectKey.publicKey()));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          issuerCert == null
              ? utils.createAuthorityKeyIdentifier(subjectKey.publicKey())
              : utils.createAuthorityKeyIdentifier(issuerCert));
      if (ext.sgxExtension() != null) {
        b.addExtension(SgxExtension.OID, false, ext.sgxExtension());
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(issuerKey.contentSigner()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
