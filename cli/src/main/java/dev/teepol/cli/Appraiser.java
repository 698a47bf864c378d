package dev.teepol.cli;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Assembles the appraisal context from the inputs both commands share, and appraises. */
public final class Appraiser {
  private Appraiser() {}

  /**
   * The verification inputs.
   *
   * @param anchors anchor purpose → certificate that replaces the embedded default for it
   */
  public record Inputs(Clock clock, Optional<Path> collateralDir, Map<String, X509Certificate> anchors, Optional<byte[]> nonce) {
    public Inputs {
      anchors = Map.copyOf(anchors);
    }
  }

  public static AppraisalContext context(Inputs in, Limits limits) {
    TrustAnchors anchors = TrustAnchors.defaults();
    for (Map.Entry<String, X509Certificate> e : in.anchors().entrySet()) {
      anchors = anchors.with(e.getKey(), List.of(e.getValue()));
    }
    CollateralSource collateral = in.collateralDir()
        .<CollateralSource>map(d -> new DirectoryCollateralSource(d, limits))
        .orElse(CollateralSource.none());
    AppraisalContext ctx = new AppraisalContext(in.clock(), anchors, collateral, Optional.empty(), limits);
    return in.nonce().map(ctx::withExpectedNonce).orElse(ctx);
  }

  /**
   * Runs the provider. Providers must not throw for bad evidence; if one does anyway, that is a
   * teepol bug, reported as such rather than as a verdict.
   */
  public static Appraisal appraise(EvidenceProvider p, EvidenceSource src, AppraisalContext ctx) throws InputException {
    try {
      return p.appraise(src, ctx);
    } catch (RuntimeException e) {
      throw new InputException(src.name(), "internal error in provider " + p.id() + ": " + e);
    }
  }

  /** The first PARSE check that FAILED, in the appraisal or any component: the input is not decodable. */
  public static Optional<CheckResult> parseFailure(Appraisal a) {
    return Stream.concat(a.checks().stream(), a.components().values().stream().flatMap(c -> parseFailure(c).stream()))
        .filter(c -> c.category() == CheckCategory.PARSE && c.outcome() instanceof Outcome.Fail)
        .findFirst();
  }

  public static String describeCollateral(Optional<Path> dir) {
    return dir.map(d -> "directory " + d).orElse("none (collateral checks are UNEVALUABLE)");
  }

  /** The decision: provider checks plus the policy's own, judged as of {@code at}. */
  public static Verdict decide(Appraisal a, CompiledPolicy policy, Instant at) {
    return PolicyEngine.evaluate(policy, a, at);
  }
}
