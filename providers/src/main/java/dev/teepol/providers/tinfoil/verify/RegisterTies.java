package dev.teepol.providers.tinfoil.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sigstore.VerifiedRelease;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tinfoil.TinfoilChecks;
import dev.teepol.providers.tinfoil.abi.TinfoilDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * tinfoilsh/verifier's rule, one check per tie. Only releases that verified completely count (an
 * unverified release's values are never compared), and only registers of authentic hardware
 * evidence are compared (else the ties are UNEVALUABLE: the hardware checks say why).
 */
public final class RegisterTies {
  private RegisterTies() {}

  /** The registers a tie compares, lowercase hex; SEV-SNP has only {@code measurement}. */
  public record Registers(Map<String, String> values) {
    public static Registers tdx(TdReport r) {
      return new Registers(
          Map.of(
              "mrtd", Hex.of(r.mrTd()),
              "rtmr0", Hex.of(r.rtmr(0)),
              "rtmr1", Hex.of(r.rtmr(1)),
              "rtmr2", Hex.of(r.rtmr(2)),
              "rtmr3", Hex.of(r.rtmr(3))));
    }

    public static Registers snp(byte[] measurement) {
      return new Registers(Map.of("measurement", Hex.of(measurement)));
    }

    String get(String k) {
      return values.getOrDefault(k, "");
    }
  }

  public static List<CheckResult> check(
      TinfoilDocument.Platform platform,
      Optional<Registers> registers,
      List<VerifiedRelease> releases,
      boolean identityPinned) {
    List<CheckResult> out = new ArrayList<>();
    List<Predicate.TinfoilDeployment> deployments =
        releases.stream()
            .filter(VerifiedRelease::verified)
            .flatMap(r -> r.deployment().stream())
            .toList();
    Optional<String> noDeployment = Optional.empty();
    if (releases.isEmpty()) {
      noDeployment =
          Optional.of(
              "no release was given (--release DIR): nothing vouches for the enclave's code");
    } else if (!identityPinned) {
      noDeployment =
          Optional.of(
              "no release signer is pinned (--release-repo): a release signed by anyone would do");
    }
    if (noDeployment.isPresent()) {
      out.add(
          CheckResult.unevaluable(
              TinfoilChecks.DEPLOYMENT, CheckCategory.BINDING, noDeployment.get()));
    } else {
      out.add(
          CheckResult.of(
              TinfoilChecks.DEPLOYMENT,
              CheckCategory.BINDING,
              !deployments.isEmpty(),
              deployments.size() + " verified deployment release(s)",
              "no release verified with a "
                  + Predicate.TINFOIL_DEPLOYMENT
                  + " predicate by a pinned signer"));
    }
    if (platform == TinfoilDocument.Platform.SEV_SNP) {
      out.add(
          tie(
              TinfoilChecks.SNP_MEASUREMENT,
              registers,
              deployments,
              (r, d) -> r.get("measurement").equals(d.snpMeasurement()),
              r ->
                  "MEASUREMENT "
                      + Hex.abbreviate(r.get("measurement"))
                      + " is the snp_measurement of no verified deployment release"));
      return out;
    }
    out.add(
        tie(
            TinfoilChecks.TDX_RTMR12,
            registers,
            deployments,
            (r, d) -> r.get("rtmr1").equals(d.rtmr1()) && r.get("rtmr2").equals(d.rtmr2()),
            r ->
                "RTMR1 "
                    + Hex.abbreviate(r.get("rtmr1"))
                    + " / RTMR2 "
                    + Hex.abbreviate(r.get("rtmr2"))
                    + " are those of no verified deployment release"));
    List<Predicate.HardwareMeasurements> hw =
        releases.stream()
            .filter(VerifiedRelease::verified)
            .flatMap(r -> r.hardware().stream())
            .toList();
    if (registers.isEmpty()) {
      out.add(
          CheckResult.unevaluable(
              TinfoilChecks.TDX_PROFILE,
              CheckCategory.BINDING,
              "the hardware evidence is not authentic"));
    } else if (hw.isEmpty()) {
      out.add(
          CheckResult.unevaluable(
              TinfoilChecks.TDX_PROFILE,
              CheckCategory.BINDING,
              "no verified " + Predicate.TINFOIL_HARDWARE + " release was given"));
    } else {
      Registers r = registers.get();
      Optional<String> profile =
          hw.stream()
              .flatMap(h -> h.profiles().entrySet().stream())
              .filter(
                  e ->
                      e.getValue().mrtd().equals(r.get("mrtd"))
                          && e.getValue().rtmr0().equals(r.get("rtmr0")))
              .map(Map.Entry::getKey)
              .findFirst();
      out.add(
          CheckResult.of(
              TinfoilChecks.TDX_PROFILE,
              CheckCategory.BINDING,
              profile.isPresent(),
              "hardware profile " + profile.orElse(""),
              "MRTD "
                  + Hex.abbreviate(r.get("mrtd"))
                  + " / RTMR0 "
                  + Hex.abbreviate(r.get("rtmr0"))
                  + " match no profile of the verified hardware-measurements release(s)"));
    }
    out.add(
        registers.isEmpty()
            ? CheckResult.unevaluable(
                TinfoilChecks.TDX_RTMR3,
                CheckCategory.BINDING,
                "the hardware evidence is not authentic")
            : CheckResult.of(
                TinfoilChecks.TDX_RTMR3,
                CheckCategory.BINDING,
                registers.get().get("rtmr3").equals("0".repeat(96)),
                "RTMR3 is zero",
                "RTMR3 "
                    + Hex.abbreviate(registers.get().get("rtmr3"))
                    + " is not zero: something was extended at run time"));
    return out;
  }

  private interface Tie {
    boolean holds(Registers r, Predicate.TinfoilDeployment d);
  }

  private static CheckResult tie(
      String id,
      Optional<Registers> registers,
      List<Predicate.TinfoilDeployment> deployments,
      Tie t,
      java.util.function.Function<Registers, String> why) {
    if (registers.isEmpty()) {
      return CheckResult.unevaluable(
          id, CheckCategory.BINDING, "the hardware evidence is not authentic");
    }
    if (deployments.isEmpty()) {
      return CheckResult.unevaluable(
          id, CheckCategory.BINDING, "no verified deployment release to compare with");
    }
    boolean ok = deployments.stream().anyMatch(d -> t.holds(registers.get(), d));
    return CheckResult.of(
        id, CheckCategory.BINDING, ok, "equal to the signed release", why.apply(registers.get()));
  }
}
