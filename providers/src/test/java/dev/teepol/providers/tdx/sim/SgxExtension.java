package dev.teepol.providers.tdx.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * The Intel SGX PCK certificate extension (OID 1.2.840.113741.1.13.1), encoded the way Intel's PCK
 * certificates do: a SEQUENCE of SEQUENCE{OID, value}, with the TCB as a nested list of the same
 * shape. Verifiers read this, so its shape must match real certificates exactly.
 */
public final class SgxExtension {
  public static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("1.2.840.113741.1.13.1");
  public static final ASN1ObjectIdentifier PPID = OID.branch("1");
  public static final ASN1ObjectIdentifier TCB = OID.branch("2");
  public static final ASN1ObjectIdentifier PCE_ID = OID.branch("3");
  public static final ASN1ObjectIdentifier FMSPC = OID.branch("4");
  public static final ASN1ObjectIdentifier SGX_TYPE = OID.branch("5");

  /** TCB sub-entries: .2.1 .. .2.16 are the component SVNs, then PCESVN and CPUSVN. */
  public static final ASN1ObjectIdentifier PCESVN = TCB.branch("17");

  public static final ASN1ObjectIdentifier CPUSVN = TCB.branch("18");

  /** SGX Type 0 = Standard (as opposed to Scalable). */
  private static final int SGX_TYPE_STANDARD = 0;

  private SgxExtension() {}

  public static byte[] encode(PlatformTcb p) {
    ASN1EncodableVector tcb = new ASN1EncodableVector();
    for (int i = 0; i < 16; i++) {
      tcb.add(entry(TCB.branch(Integer.toString(i + 1)), new ASN1Integer(p.sgxComponents()[i])));
    }
    tcb.add(entry(PCESVN, new ASN1Integer(p.pceSvn())));
    tcb.add(entry(CPUSVN, new DEROctetString(p.cpuSvn())));

    ASN1EncodableVector top = new ASN1EncodableVector();
    top.add(entry(PPID, new DEROctetString(p.ppid())));
    top.add(entry(TCB, new DERSequence(tcb)));
    top.add(entry(PCE_ID, new DEROctetString(p.pceId())));
    top.add(entry(FMSPC, new DEROctetString(p.fmspc())));
    top.add(entry(SGX_TYPE, new ASN1Enumerated(SGX_TYPE_STANDARD)));
    try {
      return new DERSequence(top).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DERSequence entry(ASN1ObjectIdentifier oid, ASN1Encodable value) {
    return new DERSequence(new ASN1Encodable[] {oid, value});
  }
}
