package dev.teepol.policy;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Kms;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.evidence.Workload;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Normalized evidence built in code, for policy tests that need no provider. */
final class Fixtures {
  static final String MRTD = "b24d3b".repeat(16);
  static final String RTMR0 = "bc122d".repeat(16);
  static final String COMPOSE = "66007399".repeat(8);
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  /** What production TDs report: SEPT_VE_DISABLE and nothing else. */
  static final TdAttributes PRODUCTION_TD = new TdAttributes(true, false, false, false);

  private Fixtures() {}

  static Appraisal tdx(String status, List<String> advisories) {
    return new Appraisal(
        evidence("tdx", status, advisories, Binding.HARDWARE, false),
        List.of(CheckResult.pass("tdx.quote.signature", CheckCategory.SIGNATURE, "ok")));
  }

  /** {@code e} with other TD attributes and extra measurements. */
  static Evidence with(Evidence e, TdAttributes attributes, Map<String, String> extraMeasurements) {
    Platform p = e.platform();
    Map<String, String> m = new LinkedHashMap<>(e.measurements());
    m.putAll(extraMeasurements);
    Map<String, Binding> bound = new LinkedHashMap<>(e.bound());
    extraMeasurements.keySet().forEach(k -> bound.put("measurements." + k, Binding.HARDWARE));
    return e.toBuilder()
        .platform(new Platform(p.tee(), p.vendor(), p.debug(), p.tcb(), p.collateral(), attributes))
        .measurements(m)
        .bound(bound)
        .build();
  }

  static Evidence evidence(
      String tee,
      String status,
      List<String> advisories,
      Binding measurementBinding,
      boolean debug) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mrtd", MRTD);
    m.put("rtmr0", RTMR0);
    Map<String, Binding> bound = new LinkedHashMap<>();
    bound.put("measurements.mrtd", measurementBinding);
    bound.put("measurements.rtmr0", measurementBinding);
    bound.put("workload.compose_hash", Binding.REPLAY);
    bound.put("kms.root_key", Binding.REPLAY);
    return Evidence.builder(tee, "test")
        .platform(
            new Platform(
                tee,
                "intel",
                debug,
                new Tcb(
                    status,
                    advisories,
                    Optional.of(Instant.parse("2024-03-13T00:00:00Z")),
                    17,
                    Map.of()),
                new CollateralInfo(
                    Optional.of(Instant.parse("2024-12-20T00:00:00Z")),
                    Optional.of(Instant.parse("2025-01-14T00:00:00Z")),
                    "test"),
                tee.equals("tdx") ? PRODUCTION_TD : TdAttributes.NONE))
        .measurements(m)
        .reportData("00".repeat(64))
        .workload(new Workload("app", COMPOSE, "", "", "", "", List.of()))
        .kms(new Kms("kms", "3059aa"))
        .signers(List.of(new Signer("ecdsa", "d0aa20bc", Binding.REPORT_DATA)))
        .bound(bound)
        .build();
  }
}
