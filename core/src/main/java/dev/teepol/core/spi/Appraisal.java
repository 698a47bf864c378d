package dev.teepol.core.spi;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider concluded: the normalized evidence plus every check it ran. Composite services
 * carry one appraisal per component. Providers never decide ALLOW or DENY.
 *
 * @param validUntil the last instant at which every one of this appraisal's own checks keeps its
 *     outcome for the same input: the earliest {@code nextUpdate} of the collateral, expiry of a
 *     certificate or token it depended on. Empty when the provider does not say, and then nothing
 *     may reuse the appraisal (a verdict cache does not keep it): see {@link #horizon()}
 */
public record Appraisal(
    Evidence evidence,
    List<CheckResult> checks,
    Map<String, Appraisal> components,
    Optional<Instant> validUntil) {

  public Appraisal {
    checks = List.copyOf(checks);
    components = Map.copyOf(components);
    java.util.Objects.requireNonNull(validUntil, "validUntil");
  }

  /** An appraisal whose time horizon is not stated (never reused). */
  public Appraisal(Evidence evidence, List<CheckResult> checks, Map<String, Appraisal> components) {
    this(evidence, checks, components, Optional.empty());
  }

  public Appraisal(Evidence evidence, List<CheckResult> checks) {
    this(evidence, checks, Map.of());
  }

  /** This appraisal, stating that its own checks hold their outcomes until {@code until}. */
  public Appraisal withValidUntil(Instant until) {
    return new Appraisal(evidence, checks, components, Optional.of(until));
  }

  /** This appraisal with the horizon of {@code other} (whose checks it carries), if it has one. */
  public Appraisal withValidUntilOf(Appraisal other) {
    return new Appraisal(evidence, checks, components, other.horizon());
  }

  /**
   * Until when this appraisal, components included, keeps every outcome: the earliest {@link
   * #validUntil()} of all its parts; empty when any part does not state one.
   */
  public Optional<Instant> horizon() {
    if (validUntil.isEmpty()) {
      return Optional.empty();
    }
    Instant h = validUntil.get();
    for (Appraisal c : components.values()) {
      Optional<Instant> ch = c.horizon();
      if (ch.isEmpty()) {
        return Optional.empty();
      }
      if (ch.get().isBefore(h)) {
        h = ch.get();
      }
    }
    return Optional.of(h);
  }

  /** Evidence that could not be decoded: empty evidence and the one parse check that failed. */
  public static Appraisal unparsable(
      String kind, String subject, String parseCheckId, String reason) {
    // Undecodable bytes stay undecodable: the outcome does not depend on time.
    return new Appraisal(
        Evidence.empty(kind, subject),
        List.of(CheckResult.fail(parseCheckId, CheckCategory.PARSE, reason)),
        Map.of(),
        Optional.of(Instant.MAX));
  }

  public Optional<CheckResult> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /**
   * True iff the evidence's own signatures and chains passed and no check that bears on genuineness
   * failed, here and in every component. UNEVALUABLE collateral checks do not make it false (they
   * still deny).
   */
  public boolean genuine() {
    boolean anySignature = false;
    for (CheckResult c : checks) {
      CheckCategory cat = c.category();
      if (cat == CheckCategory.SIGNATURE
          || cat == CheckCategory.CHAIN
          || cat == CheckCategory.PARSE) {
        if (!c.passed()) {
          return false;
        }
        anySignature |= cat == CheckCategory.SIGNATURE;
      } else if (cat.bearsOnGenuineness() && c.outcome() instanceof Outcome.Fail) {
        return false;
      }
    }
    // A container (a NEAR report) signs nothing itself: it is genuine when its own checks hold and
    // every component it carries is.
    return (anySignature || !components.isEmpty())
        && components.values().stream().allMatch(Appraisal::genuine);
  }
}
