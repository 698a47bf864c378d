package dev.teepol.providers.sevsnp.abi;

import java.util.Arrays;
import java.util.Optional;

/**
 * A decoded AMD SEV-SNP attestation report (ABI #56860, ATTESTATION_REPORT, versions 2–5, 0x4A0
 * bytes): typed accessors over a private copy of the bytes. Built only by {@link SnpReportParser},
 * which has checked the version, every reserved region and the signature padding. Fields a version
 * lacks are empty (CPUID in v2; the mitigation vectors before v5).
 */
public final class SnpReport {
  public static final int LENGTH = 0x4A0;

  /** The signed part: bytes 0x000..0x29F. */
  public static final int SIGNED_LENGTH = 0x2A0;

  /** R and S, each 72 bytes little-endian, zero-padded beyond the 48 bytes of a P-384 scalar. */
  public static final int SIGNATURE_COMPONENT = 72;

  static final int FAMILY_ID = 0x10;
  static final int IMAGE_ID = 0x20;
  static final int REPORT_DATA = 0x50;
  static final int MEASUREMENT = 0x90;
  static final int HOST_DATA = 0xC0;
  static final int ID_KEY_DIGEST = 0xE0;
  static final int AUTHOR_KEY_DIGEST = 0x110;
  static final int REPORT_ID = 0x140;
  static final int REPORT_ID_MA = 0x160;
  static final int CHIP_ID = 0x1A0;
  static final int SIGNATURE = 0x2A0;

  private final byte[] raw;
  private final int version;
  private final long guestSvn;
  private final GuestPolicy policy;
  private final int vmpl;
  private final long currentTcb;
  private final PlatformInfo platformInfo;
  private final boolean authorKeyEnabled;
  private final boolean maskChipKey;
  private final SigningKey signingKey;
  private final long reportedTcb;
  private final Optional<Cpuid> cpuid;
  private final long committedTcb;
  private final FirmwareVersion current;
  private final FirmwareVersion committed;
  private final long launchTcb;
  private final Optional<MitigationVectors> mitigations;

  /** CPUID_FAM_ID, CPUID_MOD_ID, CPUID_STEP (report version 3 and later). */
  public record Cpuid(int family, int model, int stepping) {}

  /** LAUNCH_MIT_VECTOR and CURRENT_MIT_VECTOR (report version 5). */
  public record MitigationVectors(long launch, long current) {}

  SnpReport(
      byte[] raw,
      int version,
      long guestSvn,
      GuestPolicy policy,
      int vmpl,
      long currentTcb,
      PlatformInfo platformInfo,
      boolean authorKeyEnabled,
      boolean maskChipKey,
      SigningKey signingKey,
      long reportedTcb,
      Optional<Cpuid> cpuid,
      long committedTcb,
      FirmwareVersion current,
      FirmwareVersion committed,
      long launchTcb,
      Optional<MitigationVectors> mitigations) {
    this.raw = raw;
    this.version = version;
    this.guestSvn = guestSvn;
    this.policy = policy;
    this.vmpl = vmpl;
    this.currentTcb = currentTcb;
    this.platformInfo = platformInfo;
    this.authorKeyEnabled = authorKeyEnabled;
    this.maskChipKey = maskChipKey;
    this.signingKey = signingKey;
    this.reportedTcb = reportedTcb;
    this.cpuid = cpuid;
    this.committedTcb = committedTcb;
    this.current = current;
    this.committed = committed;
    this.launchTcb = launchTcb;
    this.mitigations = mitigations;
  }

  public int version() {
    return version;
  }

  public long guestSvn() {
    return guestSvn;
  }

  public GuestPolicy policy() {
    return policy;
  }

  public byte[] familyId() {
    return field(FAMILY_ID, 16);
  }

  public byte[] imageId() {
    return field(IMAGE_ID, 16);
  }

  /** The VMPL of the software that requested the report (0–3). */
  public int vmpl() {
    return vmpl;
  }

  /** CURRENT_TCB as the raw little-endian u64; decode with the product's {@link TcbLayout}. */
  public long currentTcb() {
    return currentTcb;
  }

  public PlatformInfo platformInfo() {
    return platformInfo;
  }

  /** SIGNER_INFO.AUTHOR_KEY_EN: AUTHOR_KEY_DIGEST is present. */
  public boolean authorKeyEnabled() {
    return authorKeyEnabled;
  }

  /** SIGNER_INFO.MASK_CHIP_KEY: the platform was told not to sign with the VCEK. */
  public boolean maskChipKey() {
    return maskChipKey;
  }

  public SigningKey signingKey() {
    return signingKey;
  }

  public byte[] reportData() {
    return field(REPORT_DATA, 64);
  }

  /** The launch digest (48 bytes). */
  public byte[] measurement() {
    return field(MEASUREMENT, 48);
  }

  public byte[] hostData() {
    return field(HOST_DATA, 32);
  }

  public byte[] idKeyDigest() {
    return field(ID_KEY_DIGEST, 48);
  }

  public byte[] authorKeyDigest() {
    return field(AUTHOR_KEY_DIGEST, 48);
  }

  public byte[] reportId() {
    return field(REPORT_ID, 32);
  }

  public byte[] reportIdMa() {
    return field(REPORT_ID_MA, 32);
  }

  public long reportedTcb() {
    return reportedTcb;
  }

  /** Empty in a version-2 report, which does not carry the CPU's identity. */
  public Optional<Cpuid> cpuid() {
    return cpuid;
  }

  /** The product the CPUID fields name; empty for v2 reports and unknown CPUs. */
  public Optional<Product> cpuidProduct() {
    return cpuid.flatMap(c -> Product.fromCpuid(c.family(), c.model()));
  }

  /** 64 bytes; all zero when the platform masks it (MASK_CHIP_ID), 8 bytes used on Turin. */
  public byte[] chipId() {
    return field(CHIP_ID, 64);
  }

  public boolean chipIdMasked() {
    for (int i = CHIP_ID; i < CHIP_ID + 64; i++) {
      if (raw[i] != 0) {
        return false;
      }
    }
    return true;
  }

  public long committedTcb() {
    return committedTcb;
  }

  public FirmwareVersion currentVersion() {
    return current;
  }

  public FirmwareVersion committedVersion() {
    return committed;
  }

  public long launchTcb() {
    return launchTcb;
  }

  public Optional<MitigationVectors> mitigationVectors() {
    return mitigations;
  }

  /** R (48 bytes, big-endian) of the ECDSA P-384 signature. */
  public byte[] signatureR() {
    return scalar(SIGNATURE);
  }

  /** S (48 bytes, big-endian). */
  public byte[] signatureS() {
    return scalar(SIGNATURE + SIGNATURE_COMPONENT);
  }

  /** R ‖ S as 96 big-endian bytes (IEEE P1363), as ECDSA verifiers take it. */
  public byte[] signatureP1363() {
    byte[] out = new byte[96];
    System.arraycopy(signatureR(), 0, out, 0, 48);
    System.arraycopy(signatureS(), 0, out, 48, 48);
    return out;
  }

  /** A copy of all 0x4A0 bytes. */
  public byte[] bytes() {
    return raw.clone();
  }

  /** A copy of the signed part, bytes 0x000..0x29F. */
  public byte[] signedPart() {
    return Arrays.copyOf(raw, SIGNED_LENGTH);
  }

  private byte[] field(int off, int len) {
    return Arrays.copyOfRange(raw, off, off + len);
  }

  private byte[] scalar(int off) {
    byte[] be = new byte[48];
    for (int i = 0; i < 48; i++) {
      be[i] = raw[off + 47 - i];
    }
    return be;
  }
}
