package dev.teepol.providers.sevsnp;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.abi.GuestPolicy;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.abi.TcbParts;
import dev.teepol.providers.sevsnp.verify.SnpTcb;
import java.util.List;
import java.util.Optional;

/**
 * What the SEV-SNP provider publishes about one report for the providers built on it (Tinfoil,
 * dstack's SEV-SNP container): the typed report and what was proven about it, decided once where
 * the checks ran, so that no consumer looks up check ids or decodes hex of the normalized evidence.
 *
 * @param report the decoded report; empty when it did not decode (the parse check says why)
 * @param product the product the report was judged as (CPUID, the caller, or the signing key's
 *     issuer: the chain check's detail says which)
 * @param signed the key SIGNER_INFO names (VCEK or VLEK) signed bytes 0x000–0x29F
 * @param chained that key's certificate validates to the pinned ARK of the product (through the ASK
 *     or ASVK), and the key's TCB and hwID bind to the report
 * @param tcb the four TCB_VERSIONs and the derived status
 * @param appraisal the report's normalized evidence and every check run on it (no nonce check: each
 *     consumer applies its own report_data convention)
 */
public record VerifiedSnpReport(
    Optional<SnpReport> report,
    Optional<Product> product,
    boolean signed,
    boolean chained,
    Optional<SnpTcb> tcb,
    Appraisal appraisal) {

  /** Signed and chained: the report's fields are the AMD secure processor's word. */
  public boolean authentic() {
    return signed && chained;
  }

  /** MEASUREMENT, the launch digest (48 bytes). */
  public Optional<byte[]> measurement() {
    return report.map(SnpReport::measurement);
  }

  /** REPORT_DATA (64 bytes), what the guest asked the firmware to sign. */
  public Optional<byte[]> reportData() {
    return report.map(SnpReport::reportData);
  }

  /** HOST_DATA (32 bytes), set by the host at launch and measured. */
  public Optional<byte[]> hostData() {
    return report.map(SnpReport::hostData);
  }

  /** CHIP_ID (64 bytes; all zero when masked; 8 bytes used on Turin). */
  public Optional<byte[]> chipId() {
    return report.map(SnpReport::chipId);
  }

  /** REPORTED_TCB in the product's layout, when the product is known. */
  public Optional<TcbParts> reportedTcb() {
    return tcb.flatMap(SnpTcb::reportedParts);
  }

  /** The guest policy, bit by bit. */
  public Optional<GuestPolicy> policy() {
    return report.map(SnpReport::policy);
  }

  public Optional<Integer> vmpl() {
    return report.map(SnpReport::vmpl);
  }

  public List<CheckResult> checks() {
    return appraisal.checks();
  }
}
