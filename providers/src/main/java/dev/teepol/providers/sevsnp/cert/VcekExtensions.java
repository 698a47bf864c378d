package dev.teepol.providers.sevsnp.cert;

import dev.teepol.core.bytes.Hex;
import dev.teepol.providers.sevsnp.abi.TcbLayout;
import dev.teepol.providers.sevsnp.abi.TcbParts;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * AMD's extensions of a VCEK or VLEK (VCEK specification #57230): the product name, the TCB the key
 * was derived for (one SPL per extension, {@code 1.3.6.1.4.1.3704.1.3.N}), the chip's hwID (VCEK
 * only: 64 bytes on Milan and Genoa, 8 on Turin) and the cloud provider (VLEK only). Values are
 * decoded with Bouncy Castle; the hwID extension holds the raw bytes.
 *
 * @param spl the eight SPL extensions {@code .3.1} to {@code .3.8} (bl, tee, snp, spl_4..spl_7,
 *     ucode in extension order), -1 where absent
 * @param fmc {@code .3.9}, Turin's FMC SPL, -1 where absent
 */
public record VcekExtensions(
    Optional<String> productName,
    int[] spl,
    int fmc,
    Optional<byte[]> hwId,
    Optional<String> cspId) {

  static final String AMD = "1.3.6.1.4.1.3704.1.";
  static final String PRODUCT_NAME = AMD + "2";
  static final String TCB = AMD + "3.";
  static final String HWID = AMD + "4";
  static final String CSP_ID = AMD + "5";

  /** Extension .3.N for N = 1..8: bl, tee, snp, spl_4, spl_5, spl_6, spl_7, ucode. */
  private static final int BL = 0;

  private static final int TEE = 1;
  private static final int SNP = 2;
  private static final int UCODE = 7;

  public static VcekExtensions of(X509Certificate cert) throws IOException {
    int[] spl = new int[8];
    for (int i = 0; i < 8; i++) {
      spl[i] = integer(cert, TCB + (i + 1)).orElse(-1);
    }
    return new VcekExtensions(
        string(cert, PRODUCT_NAME),
        spl,
        integer(cert, TCB + 9).orElse(-1),
        Optional.ofNullable(octets(cert, HWID)),
        string(cert, CSP_ID));
  }

  /**
   * The TCB_VERSION the key was issued for, in {@code layout}; empty with the reason when an SPL
   * the layout needs is missing.
   */
  public TcbOrProblem tcb(TcbLayout layout) {
    if (spl[BL] < 0 || spl[TEE] < 0 || spl[SNP] < 0 || spl[UCODE] < 0) {
      return new TcbOrProblem(
          Optional.empty(), "an SPL extension (bl, tee, snp, ucode) is missing");
    }
    if (layout.hasFmc() && fmc < 0) {
      return new TcbOrProblem(Optional.empty(), "the FMC SPL extension (.3.9) is missing");
    }
    // The bytes the layout does not name carry the remaining SPL extensions in order: spl_4..7 on
    // Milan/Genoa; spl_5..7 on Turin, whose byte 3 is the SNP SPL.
    int[] rest =
        layout.hasFmc()
            ? new int[] {spl[4], spl[5], spl[6]}
            : new int[] {spl[3], spl[4], spl[5], spl[6]};
    for (int i = 0; i < rest.length; i++) {
      rest[i] = Math.max(rest[i], 0);
    }
    TcbParts parts =
        new TcbParts(layout.hasFmc() ? fmc : -1, spl[BL], spl[TEE], spl[SNP], spl[UCODE]);
    return new TcbOrProblem(Optional.of(layout.encode(parts, rest)), "");
  }

  /** A TCB_VERSION, or why none could be built. */
  public record TcbOrProblem(Optional<Long> tcb, String problem) {}

  public String hwIdHex() {
    return hwId.map(Hex::of).orElse("");
  }

  private static Optional<Integer> integer(X509Certificate cert, String oid) throws IOException {
    byte[] v = octets(cert, oid);
    if (v == null) {
      return Optional.empty();
    }
    ASN1Primitive p = ASN1Primitive.fromByteArray(v);
    if (!(p instanceof ASN1Integer i)) {
      throw new IOException("extension " + oid + " is not an INTEGER");
    }
    int value = i.intValueExact();
    if (value < 0 || value > 255) {
      throw new IOException("extension " + oid + " is " + value + ", not an SPL byte");
    }
    return Optional.of(value);
  }

  private static Optional<String> string(X509Certificate cert, String oid) throws IOException {
    byte[] v = octets(cert, oid);
    if (v == null) {
      return Optional.empty();
    }
    ASN1Primitive p = ASN1Primitive.fromByteArray(v);
    if (!(p instanceof ASN1IA5String s)) {
      throw new IOException("extension " + oid + " is not an IA5String");
    }
    return Optional.of(s.getString());
  }

  /** The extnValue's content octets, or null when the extension is absent. */
  private static byte[] octets(X509Certificate cert, String oid) throws IOException {
    byte[] wrapped = cert.getExtensionValue(oid);
    if (wrapped == null) {
      return null;
    }
    try {
      return ASN1OctetString.getInstance(wrapped).getOctets();
    } catch (IllegalArgumentException e) {
      throw new IOException("extension " + oid + " is not an OCTET STRING");
    }
  }
}
