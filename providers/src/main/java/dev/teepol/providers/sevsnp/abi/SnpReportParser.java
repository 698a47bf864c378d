package dev.teepol.providers.sevsnp.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.util.Optional;

/**
 * Bytes → {@link SnpReport}, a pure function. Refuses anything but exactly 0x4A0 bytes of a version
 * 2–5 report whose reserved regions are zero, whose SIGNATURE_ALGO is ECDSA P-384 with SHA-384 and
 * whose signature occupies only its 48 + 48 bytes: bytes after the signed part (0x2A0..) other than
 * the signature are not covered by it, so they must carry nothing. Every refusal names the field
 * and its offset.
 */
public final class SnpReportParser {
  public static final int MIN_VERSION = 2;
  public static final int MAX_VERSION = 5;

  private SnpReportParser() {}

  public static SnpReport parse(byte[] bytes) throws ParseException {
    if (bytes.length != SnpReport.LENGTH) {
      throw new ParseException(
          "report",
          Math.min(bytes.length, SnpReport.LENGTH),
          "an SEV-SNP report is exactly "
              + SnpReport.LENGTH
              + " bytes, got "
              + bytes.length
              + (bytes.length > SnpReport.LENGTH ? " (trailing bytes are not signed)" : ""));
    }
    byte[] raw = bytes.clone();
    ByteReader r = new ByteReader(raw);
    int version = (int) r.u32le("version");
    if (version < MIN_VERSION || version > MAX_VERSION) {
      throw new ParseException(
          "version", 0, "report version " + version + " (teepol reads versions 2 to 5)");
    }
    long guestSvn = r.u32le("guest_svn");
    long policyRaw = r.u64le("policy");
    GuestPolicy policy = new GuestPolicy(policyRaw);
    if ((policyRaw & GuestPolicy.RESERVED_ONE) == 0) {
      throw new ParseException("policy", 0x08, "reserved bit 17 must be one");
    }
    if ((policyRaw & GuestPolicy.RESERVED_ZERO) != 0) {
      throw new ParseException(
          "policy", 0x08, "reserved bits 63:26 must be zero, got 0x" + Long.toHexString(policyRaw));
    }
    r.skip("family_id", 16);
    r.skip("image_id", 16);
    long vmpl = r.u32le("vmpl");
    if (vmpl > 3) {
      throw new ParseException(
          "vmpl", 0x30, "VMPL " + vmpl + " (a guest-requested report has VMPL 0 to 3)");
    }
    long algo = r.u32le("signature_algo");
    if (algo != 1) {
      throw new ParseException(
          "signature_algo", 0x34, "algorithm " + algo + " (only 1, ECDSA P-384 with SHA-384)");
    }
    long currentTcb = r.u64le("current_tcb");
    PlatformInfo platformInfo = new PlatformInfo(r.u64le("platform_info"));
    long signerInfo = r.u32le("signer_info");
    if ((signerInfo & ~0x1fL) != 0) {
      throw new ParseException(
          "signer_info", 0x48, "reserved bits 31:5 set: 0x" + Long.toHexString(signerInfo));
    }
    SigningKey signingKey;
    int key = (int) ((signerInfo >>> 2) & 0x7);
    try {
      signingKey = SigningKey.of(key);
    } catch (IllegalArgumentException e) {
      throw new ParseException("signer_info", 0x48, "SIGNING_KEY " + key + " is reserved");
    }
    zero(raw, 0x4C, 0x50, "reserved (0x4C)");
    r.skip("reserved", 4);
    r.skip("report_data .. report_id_ma", 0x180 - 0x50);
    long reportedTcb = r.u64le("reported_tcb");
    Optional<SnpReport.Cpuid> cpuid = Optional.empty();
    if (version >= 3) {
      cpuid =
          Optional.of(
              new SnpReport.Cpuid(r.u8("cpuid_fam_id"), r.u8("cpuid_mod_id"), r.u8("cpuid_step")));
      zero(raw, 0x18B, 0x1A0, "reserved (0x18B)");
    } else {
      zero(raw, 0x188, 0x1A0, "reserved (0x188, CPUID fields are v3 and later)");
    }
    r = new ByteReader(raw, 0x1E0, raw.length);
    long committedTcb = r.u64le("committed_tcb");
    FirmwareVersion current =
        version(r.u8("current_build"), r.u8("current_minor"), r.u8("current_major"));
    zero(raw, 0x1EB, 0x1EC, "reserved (0x1EB)");
    r.skip("reserved", 1);
    FirmwareVersion committed =
        version(r.u8("committed_build"), r.u8("committed_minor"), r.u8("committed_major"));
    zero(raw, 0x1EF, 0x1F0, "reserved (0x1EF)");
    r.skip("reserved", 1);
    long launchTcb = r.u64le("launch_tcb");
    Optional<SnpReport.MitigationVectors> mit = Optional.empty();
    if (version >= 5) {
      mit =
          Optional.of(
              new SnpReport.MitigationVectors(
                  r.u64le("launch_mit_vector"), r.u64le("current_mit_vector")));
      zero(raw, 0x208, SnpReport.SIGNED_LENGTH, "reserved (0x208)");
    } else {
      zero(raw, 0x1F8, SnpReport.SIGNED_LENGTH, "reserved (0x1F8, mitigation vectors are v5)");
    }
    int sig = SnpReport.SIGNATURE;
    int comp = SnpReport.SIGNATURE_COMPONENT;
    zero(raw, sig + 48, sig + comp, "signature.r padding");
    zero(raw, sig + comp + 48, sig + 2 * comp, "signature.s padding");
    zero(raw, sig + 2 * comp, SnpReport.LENGTH, "reserved after the signature (0x330)");
    return new SnpReport(
        raw,
        version,
        guestSvn,
        policy,
        (int) vmpl,
        currentTcb,
        platformInfo,
        (signerInfo & 1) != 0,
        (signerInfo & 2) != 0,
        signingKey,
        reportedTcb,
        cpuid,
        committedTcb,
        current,
        committed,
        launchTcb,
        mit);
  }

  private static FirmwareVersion version(int build, int minor, int major) {
    return new FirmwareVersion(major, minor, build);
  }

  /** Bytes the ABI reserves must be zero: anything there is unexplained and refused. */
  private static void zero(byte[] raw, int from, int to, String field) throws ParseException {
    for (int i = from; i < to; i++) {
      if (raw[i] != 0) {
        throw new ParseException(
            field,
            i,
            "byte 0x" + Integer.toHexString(raw[i] & 0xff) + " in a region that must be zero");
      }
    }
  }
}
