package dev.teepol.providers.tdx.pck;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Decodes the SGX extension (OID 1.2.840.113741.1.13.1) of a PCK certificate with Bouncy Castle.
 */
public final class PckExtensionParser {
  public static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";
  private static final String PPID = SGX_EXTENSION_OID + ".1";
  private static final String TCB = SGX_EXTENSION_OID + ".2";
  private static final String PCE_ID = SGX_EXTENSION_OID + ".3";
  private static final String FMSPC = SGX_EXTENSION_OID + ".4";
  private static final int MAX_ENTRIES = 64;

  private PckExtensionParser() {}

  public static PckExtensions parse(X509Certificate pck) throws ParseException {
    return parseExtension(
        pck.getExtensionValue(SGX_EXTENSION_OID), pck.getIssuerX500Principal().getName());
  }

  /**
   * The SGX extension from its raw extension value (the DER OCTET STRING that {@link
   * X509Certificate#getExtensionValue} returns, or null when absent) and the issuer's name: the
   * part of {@link #parse(X509Certificate)} that reads attacker-chosen bytes, callable on its own
   * so it can be fuzzed without building a certificate per input.
   */
  public static PckExtensions parseExtension(byte[] ext, String issuerCn) throws ParseException {
    if (ext == null) {
      throw new ParseException(
          "pck.sgx_extension", 0, "PCK certificate has no SGX extension " + SGX_EXTENSION_OID);
    }
    try {
      ASN1Sequence seq =
          ASN1Sequence.getInstance(
              der(
                  ASN1OctetString.getInstance(der(ext, "pck.sgx_extension")).getOctets(),
                  "pck.sgx_extension"));
      Map<String, ASN1Encodable> top = entries(seq, "pck.sgx_extension");
      ASN1Sequence tcb = ASN1Sequence.getInstance(require(top, TCB, "tcb"));
      Map<String, ASN1Encodable> tcbEntries = entries(tcb, "pck.sgx_extension.tcb");
      List<Integer> comps = new ArrayList<>(16);
      for (int i = 1; i <= 16; i++) {
        comps.add(smallInt(require(tcbEntries, TCB + "." + i, "tcb.comp" + i), "tcb.comp" + i));
      }
      int pceSvn = smallInt(require(tcbEntries, TCB + ".17", "tcb.pcesvn"), "tcb.pcesvn");
      String cpuSvn = octets(require(tcbEntries, TCB + ".18", "tcb.cpusvn"), 16, "tcb.cpusvn");
      String ppid = top.containsKey(PPID) ? octets(top.get(PPID), 16, "ppid") : "";
      String pceId = octets(require(top, PCE_ID, "pceid"), 2, "pceid");
      String fmspc = octets(require(top, FMSPC, "fmspc"), 6, "fmspc");
      String ca =
          issuerCn.contains("Processor")
              ? "processor"
              : issuerCn.contains("Platform") ? "platform" : "";
      return new PckExtensions(ppid, comps, pceSvn, cpuSvn, pceId, fmspc, ca);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new ParseException(
          "pck.sgx_extension", 0, "malformed SGX extension: " + e.getMessage());
    }
  }

  /**
   * One complete DER object, never null: BC's getInstance(byte[]) gives null or a
   * NullPointerException for empty input and wraps other errors in runtime exceptions (fuzzing
   * found the empty extension value).
   */
  private static ASN1Primitive der(byte[] b, String field) throws ParseException {
    ASN1Primitive p;
    try {
      p = b.length == 0 ? null : ASN1Primitive.fromByteArray(b);
    } catch (java.io.IOException | IllegalStateException | IllegalArgumentException e) {
      // IllegalStateException: e.g. a BIT STRING with more than 7 pad bits (found by fuzzing).
      throw new ParseException(field, 0, "malformed DER: " + e.getMessage());
    }
    if (p == null) {
      throw new ParseException(field, 0, "empty DER");
    }
    return p;
  }

  private static Map<String, ASN1Encodable> entries(ASN1Sequence seq, String field)
      throws ParseException {
    if (seq.size() > MAX_ENTRIES) {
      throw new ParseException(
          field, 0, "has " + seq.size() + " entries, more than " + MAX_ENTRIES);
    }
    Map<String, ASN1Encodable> out = new HashMap<>();
    for (ASN1Encodable e : seq) {
      ASN1Sequence pair = ASN1Sequence.getInstance(e);
      if (pair.size() != 2) {
        throw new ParseException(field, 0, "entry is not an (OID, value) pair");
      }
      String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
      if (out.put(oid, pair.getObjectAt(1)) != null) {
        throw new ParseException(field, 0, "duplicate entry " + oid);
      }
    }
    return out;
  }

  private static ASN1Encodable require(Map<String, ASN1Encodable> m, String oid, String name)
      throws ParseException {
    ASN1Encodable v = m.get(oid);
    if (v == null) {
      throw new ParseException("pck.sgx_extension." + name, 0, "missing (" + oid + ")");
    }
    return v;
  }

  private static int smallInt(ASN1Encodable v, String name) throws ParseException {
    ASN1Primitive p = v.toASN1Primitive();
    BigInteger b =
        p instanceof ASN1Enumerated en ? en.getValue() : ASN1Integer.getInstance(p).getValue();
    if (b.signum() < 0 || b.bitLength() > 16) {
      throw new ParseException("pck.sgx_extension." + name, 0, "value " + b + " out of range");
    }
    return b.intValue();
  }

  private static String octets(ASN1Encodable v, int len, String name) throws ParseException {
    byte[] b = ASN1OctetString.getInstance(v).getOctets();
    if (b.length != len) {
      throw new ParseException(
          "pck.sgx_extension." + name, 0, "is " + b.length + " bytes, expected " + len);
    }
    return Hex.of(b);
  }
}
