package dev.teepol.providers.tpm.verify;

import dev.teepol.core.evidence.GceInstance;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;

/**
 * Google's instance-identity extension of GCE vTPM AK certificates (OID 1.3.6.1.4.1.11129.2.1.21),
 * decoded with Bouncy Castle: SEQUENCE { zone UTF8String, projectNumber INTEGER, projectId
 * UTF8String, instanceId INTEGER, instanceName UTF8String, securityProperties [0] EXPLICIT SEQUENCE
 * { securityVersion [0] INTEGER, isProduction [1] BOOLEAN, ... } OPTIONAL }. Tags Google added
 * later inside securityProperties are skipped; anything else malformed is refused.
 */
final class GceExtension {
  static final String OID = "1.3.6.1.4.1.11129.2.1.21";

  private GceExtension() {}

  /**
   * @throws IllegalArgumentException the extension is present but does not decode
   */
  static Optional<GceInstance> instance(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(OID);
    if (ext == null) {
      return Optional.empty();
    }
    try {
      ASN1Sequence s =
          ASN1Sequence.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      if (s.size() < 5 || s.size() > 6) {
        throw new IllegalArgumentException("GCE instance extension has " + s.size() + " fields");
      }
      String zone = string(s.getObjectAt(0));
      long projectNumber = number(s.getObjectAt(1));
      String projectId = string(s.getObjectAt(2));
      long instanceId = number(s.getObjectAt(3));
      String instanceName = string(s.getObjectAt(4));
      long securityVersion = 0;
      boolean production = false;
      if (s.size() == 6) {
        ASN1TaggedObject props = ASN1TaggedObject.getInstance(s.getObjectAt(5));
        if (props.getTagNo() != 0) {
          throw new IllegalArgumentException("securityProperties tag " + props.getTagNo());
        }
        for (ASN1Encodable e : ASN1Sequence.getInstance(props.getExplicitBaseObject())) {
          ASN1TaggedObject t = ASN1TaggedObject.getInstance(e);
          if (t.getTagNo() == 0) {
            securityVersion = number(t.getExplicitBaseObject());
          } else if (t.getTagNo() == 1) {
            production = ASN1Boolean.getInstance(t.getExplicitBaseObject()).isTrue();
          }
        }
      }
      return Optional.of(
          new GceInstance(
              zone,
              projectId,
              Long.toString(projectNumber),
              instanceName,
              Long.toString(instanceId),
              securityVersion,
              production));
    } catch (java.io.IOException | IllegalStateException | ClassCastException e) {
      throw new IllegalArgumentException("GCE instance extension: " + e.getMessage());
    }
  }

  private static String string(ASN1Encodable e) {
    if (e instanceof ASN1String s) {
      return s.getString();
    }
    throw new IllegalArgumentException("expected a string, found " + e.getClass().getSimpleName());
  }

  /** An INTEGER that fits a signed 64-bit value (GCE ids and project numbers are uint64 < 2^63). */
  private static long number(ASN1Encodable e) {
    BigInteger v = ASN1Integer.getInstance(e).getValue();
    if (v.signum() < 0 || v.bitLength() > 63) {
      throw new IllegalArgumentException("integer out of range: " + v);
    }
    return v.longValue();
  }
}
