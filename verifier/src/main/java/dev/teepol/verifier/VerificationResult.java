package dev.teepol.verifier;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One finished verification: the decision, every check behind it (provider and policy, in report
 * order), the normalized evidence, and the inputs that shaped it, so every output can say how the
 * decision was reached. Immutable.
 */
public final class VerificationResult {
  /** Check ids of problems with the input itself, before or instead of a provider's own checks. */
  public static final String INPUT_RECOGNIZED = "input.recognized";

  public static final String INPUT_SIZE = "input.size";

  /** A release folder given with the evidence could not be read. */
  public static final String INPUT_RELEASE = "input.release";

  public static final String INPUT_TRUST_ANCHOR = "input.trust_anchor";
  public static final String INPUT_PROVIDER = "input.provider";

  private final String input;
  private final String provider;
  private final OnceClock at;
  private final String clockSource;
  private final String collateral;
  private final String trustAnchor;
  private final PolicyInfo policy;
  private final Appraisal appraisal;
  private final Verdict verdict;
  private final Optional<String> inputProblem;
  private final boolean fromCache;

  VerificationResult(
      String input,
      String provider,
      OnceClock at,
      String clockSource,
      String collateral,
      String trustAnchor,
      PolicyInfo policy,
      Appraisal appraisal,
      Verdict verdict,
      Optional<String> inputProblem) {
    this(
        input,
        provider,
        at,
        clockSource,
        collateral,
        trustAnchor,
        policy,
        appraisal,
        verdict,
        inputProblem,
        false);
  }

  private VerificationResult(
      String input,
      String provider,
      OnceClock at,
      String clockSource,
      String collateral,
      String trustAnchor,
      PolicyInfo policy,
      Appraisal appraisal,
      Verdict verdict,
      Optional<String> inputProblem,
      boolean fromCache) {
    this.input = input;
    this.provider = provider;
    this.at = at;
    this.clockSource = clockSource;
    this.collateral = collateral;
    this.trustAnchor = trustAnchor;
    this.policy = policy;
    this.appraisal = appraisal;
    this.verdict = verdict;
    this.inputProblem = inputProblem;
    this.fromCache = fromCache;
  }

  /** The same verdict, as the verdict cache hands it out again. */
  VerificationResult asCached() {
    return new VerificationResult(
        input,
        provider,
        at,
        clockSource,
        collateral,
        trustAnchor,
        policy,
        appraisal,
        verdict,
        inputProblem,
        true);
  }

  /**
   * Whether this verdict came from the verifier's verdict cache ({@link
   * TeepolVerifier.Builder#verdictCache}): it was judged earlier, at {@link #verifiedAt()}, for the
   * same evidence, policy and options, and nothing it depended on has expired since.
   */
  public boolean fromCache() {
    return fromCache;
  }

  /** ALLOW iff every check passed. */
  public Decision decision() {
    return verdict.decision();
  }

  public boolean allowed() {
    return verdict.allowed();
  }

  /** Every check, provider then policy; ids of components are prefixed {@code <component>:}. */
  public List<CheckResult> checks() {
    return verdict.checks();
  }

  /** The normalized evidence (of the primary component, for composite evidence). */
  public Evidence evidence() {
    return appraisal.evidence();
  }

  /**
   * The evidence's own signatures and chains passed and no signature, chain, binding or collateral
   * check failed, whatever its TCB (see docs/verdict-schema.md).
   */
  public boolean genuine() {
    return appraisal.genuine();
  }

  /** The provider's appraisal, with its components. */
  public Appraisal appraisal() {
    return appraisal;
  }

  /** The policy's verdict: decision, checks and the policy's {@code outputs}. */
  public Verdict verdict() {
    return verdict;
  }

  /** The policy's {@code outputs}. */
  public Map<String, Object> outputs() {
    return verdict.outputs();
  }

  /** How the evidence was named ({@link VerifyOptions#name()}, or the file). */
  public String input() {
    return input;
  }

  /** The id of the provider that recognized the evidence; "" when none did. */
  public String provider() {
    return provider;
  }

  /**
   * The one instant the evidence and the policy were judged at. Read from the verifier's clock when
   * first needed, so a verification that needed no time has not read it until asked here.
   */
  public Instant verifiedAt() {
    return at.instant();
  }

  /** Where that instant came from (e.g. "--at", "wall clock", "injected clock"). */
  public String clockSource() {
    return clockSource;
  }

  /** The collateral sources, described. */
  public String collateral() {
    return collateral;
  }

  /** The anchors that replaced a default, or "embedded default". */
  public String trustAnchor() {
    return trustAnchor;
  }

  public PolicyInfo policy() {
    return policy;
  }

  /**
   * Why the evidence could not be judged at all: not recognized by any provider, not decodable (the
   * parse check's reason, with field and offset), over the size limit, a trust anchor that fits no
   * purpose, or a provider error. The result is then DENY and a check says the same.
   */
  public Optional<String> inputProblem() {
    return inputProblem;
  }

  /**
   * The verdict for one component of composite evidence (a NEAR gateway or model node): its own
   * checks (provider and per-component policy checks, ids prefixed {@code <name>:}) and every check
   * of the whole that is not about another component. A component is accepted only as far as the
   * policy accepts it; an unknown component has no checks and is denied.
   */
  public Verdict componentVerdict(String name) {
    if (!appraisal.components().containsKey(name)) {
      return Verdict.of(List.of(), Map.of());
    }
    String prefix = name + ":";
    List<CheckResult> own =
        verdict.checks().stream()
            .filter(
                c ->
                    c.id().startsWith(prefix)
                        || appraisal.components().keySet().stream()
                            .noneMatch(o -> c.id().startsWith(o + ":")))
            .toList();
    return Verdict.of(own, verdict.outputs());
  }

  /**
   * The JSON document {@code teepol verify --format json} prints (docs/verdict-schema.md),
   * indented.
   */
  public String toJson() {
    return JsonOut.pretty(toJsonObject());
  }

  /** {@link #toJson()} as a JSON-P object. */
  public JsonObject toJsonObject() {
    return VerdictDocument.of(this);
  }

  /** The first PARSE check that FAILED, here or in any component: the input did not decode. */
  static Optional<CheckResult> parseFailure(Appraisal a) {
    return Stream.concat(
            a.checks().stream(),
            a.components().values().stream().flatMap(c -> parseFailure(c).stream()))
        .filter(c -> c.category() == CheckCategory.PARSE && c.outcome() instanceof Outcome.Fail)
        .findFirst();
  }

  @Override
  public String toString() {
    return "VerificationResult[" + input + " (" + provider + "): " + decision() + "]";
  }
}
