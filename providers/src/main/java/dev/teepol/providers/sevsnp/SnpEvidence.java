package dev.teepol.providers.sevsnp;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.SnpGuest;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.providers.sevsnp.abi.GuestPolicy;
import dev.teepol.providers.sevsnp.abi.PlatformInfo;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.verify.SnpTcb;
import dev.teepol.providers.sevsnp.verify.SnpVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place SEV-SNP values become the normalized model: registers as lowercase hex (GUEST_SVN
 * and VMPL decimal), every one bound as {@code hardware}, the TCB as components and a derived
 * status ({@link SnpTcb}), the guest policy and PLATFORM_INFO as named bits.
 */
public final class SnpEvidence {
  public static final String TEE = "sev-snp";
  public static final String VENDOR = "amd";

  private SnpEvidence() {}

  static Evidence of(String subject, SnpVerifier.Result r) {
    if (r.report().isEmpty()) {
      return Evidence.empty(SnpProvider.ID, subject);
    }
    SnpReport report = r.report().get();
    SnpTcb tcb = r.tcb().orElseThrow();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("measurement", Hex.of(report.measurement()));
    m.put("host_data", Hex.of(report.hostData()));
    m.put("id_key_digest", Hex.of(report.idKeyDigest()));
    m.put("author_key_digest", Hex.of(report.authorKeyDigest()));
    m.put("family_id", Hex.of(report.familyId()));
    m.put("image_id", Hex.of(report.imageId()));
    m.put("guest_svn", Long.toString(report.guestSvn()));
    m.put("policy", String.format("%016x", report.policy().raw()));
    m.put("vmpl", Integer.toString(report.vmpl()));
    m.put("chip_id", Hex.of(report.chipId()));
    m.put("report_id", Hex.of(report.reportId()));
    Map<String, Binding> bound = new LinkedHashMap<>();
    m.keySet().forEach(k -> bound.put("measurements." + k, Binding.HARDWARE));
    bound.put("report_data", Binding.HARDWARE);
    bound.put("platform.tcb", Binding.HARDWARE);
    Tcb t = new Tcb(tcb.status(), List.of(), Optional.empty(), -1, tcb.components());
    String origins = String.join(", ", r.certificates().origins());
    Platform platform =
        new Platform(
            TEE,
            VENDOR,
            report.policy().debug(),
            t,
            new CollateralInfo(Optional.empty(), Optional.empty(), origins),
            TdAttributes.NONE,
            guest(report, r.product()));
    return Evidence.builder(SnpProvider.ID, subject)
        .platform(platform)
        .measurements(m)
        .reportData(Hex.of(report.reportData()))
        .bound(bound)
        .build();
  }

  static SnpGuest guest(SnpReport report, Optional<Product> product) {
    Map<String, Boolean> policy = new LinkedHashMap<>();
    for (GuestPolicy.Bit b : GuestPolicy.Bit.values()) {
      policy.put(b.name().toLowerCase(Locale.ROOT), report.policy().is(b));
    }
    Map<String, Boolean> info = new LinkedHashMap<>();
    for (PlatformInfo.Bit b : PlatformInfo.Bit.values()) {
      info.put(b.name().toLowerCase(Locale.ROOT), report.platformInfo().is(b));
    }
    return new SnpGuest(
        product.map(Product::id).orElse(""),
        report.signingKey().name().toLowerCase(Locale.ROOT),
        report.vmpl(),
        policy,
        info);
  }
}
