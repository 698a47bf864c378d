package dev.teepol.providers.tpm.sim;

import dev.teepol.providers.tdx.sim.SimKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A test AK certificate authority shaped like Google's vTPM CA: a root, an intermediate that issues
 * AK certificates with an empty subject, a critical TCG subject alternative name (manufacturer
 * "TEST") and, optionally, the GCE instance extension. Keys derive from a seed; validity is fixed
 * (2020..2040), so nothing depends on when tests run.
 */
public final class SimAkCa {
  public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");

  /** The GCE instance the simulated certificates name. */
  public record Gce(
      String zone, long projectNumber, String projectId, long instanceId, String name) {
    public static final Gce DEFAULT =
        new Gce("europe-west4-a", 123456789012L, "teepol-sim", 4242424242424242L, "node-3");
  }

  private final String seed;
  private final SimKey rootKey;
  private final SimKey intermediateKey;
  private final X509Certificate root;
  private final X509Certificate intermediate;

  private SimAkCa(String seed) {
    this.seed = seed;
    this.rootKey = SimKey.derive(seed, "ak-ca-root");
    this.intermediateKey = SimKey.derive(seed, "ak-ca-intermediate");
    this.root =
        build(
            name("Root"),
            rootKey.publicKey(),
            name("Root"),
            rootKey,
            1,
            true,
            NOT_BEFORE,
            NOT_AFTER,
            null);
    this.intermediate =
        build(
            name("Intermediate"),
            intermediateKey.publicKey(),
            name("Root"),
            rootKey,
            2,
            true,
            NOT_BEFORE,
            NOT_AFTER,
            null);
  }

  public static SimAkCa create(String seed) {
    return new SimAkCa(seed);
  }

  public X509Certificate root() {
    return root;
  }

  public X509Certificate intermediate() {
    return intermediate;
  }

  /** An AK certificate for {@code ak}, issued by the intermediate. */
  public X509Certificate issue(PublicKey ak, Gce gce, long serial) {
    return issue(ak, gce, serial, NOT_BEFORE, NOT_AFTER);
  }

  public X509Certificate issue(PublicKey ak, Gce gce, long serial, Instant from, Instant to) {
    return build(
        new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
        ak,
        name("Intermediate"),
        intermediateKey,
        serial,
        false,
        from,
        to,
        gce);
  }

  private X500Name name(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, "Teepol Test TPM AK CA " + cn + " (" + seed + ")")
        .addRDN(BCStyle.O, "Teepol Test")
        .addRDN(BCStyle.C, "US")
        .build();
  }

  private static X509Certificate build(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuer,
      SimKey issuerKey,
      long serial,
      boolean ca,
      Instant from,
      Instant to,
      Gce gce) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(serial),
              Date.from(from),
              Date.from(to),
              subject,
              subjectKey);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(issuerKey.publicKey()));
      if (!ca) {
        X500Name tcg =
            new X500NameBuilder()
                .addRDN(new ASN1ObjectIdentifier("2.23.133.2.1"), new DERUTF8String("id:54455354"))
                .addRDN(new ASN1ObjectIdentifier("2.23.133.2.2"), new DERUTF8String("SimTPM"))
                .addRDN(new ASN1ObjectIdentifier("2.23.133.2.3"), new DERUTF8String("id:00010000"))
                .build();
        b.addExtension(
            Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(tcg)));
      }
      if (gce != null) {
        ASN1EncodableVector props = new ASN1EncodableVector();
        props.add(new DERTaggedObject(true, 0, new ASN1Integer(1)));
        props.add(new DERTaggedObject(true, 1, ASN1Boolean.TRUE));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new DERUTF8String(gce.zone()));
        v.add(new ASN1Integer(gce.projectNumber()));
        v.add(new DERUTF8String(gce.projectId()));
        v.add(new ASN1Integer(gce.instanceId()));
        v.add(new DERUTF8String(gce.name()));
        v.add(new DERTaggedObject(true, 0, new DERSequence(props)));
        b.addExtension(
            new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.1.21"), false, new DERSequence(v));
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(issuerKey.contentSigner()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
