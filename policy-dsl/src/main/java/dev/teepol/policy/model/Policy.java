package dev.teepol.policy.model;

import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trust policy as written (docs/policy-reference.md). Sections absent from the file are empty
 * Optionals; defaults that make the policy strict (only UpToDate, no advisories, no debug) are
 * applied when checks are generated, not here, so a diff can tell "absent" from "written".
 */
public record Policy(String file, String source, Metadata metadata, Spec spec) {

  public record Metadata(String name, long version, List<String> owners, String description) {}

  public record Spec(
      Optional<Substrate> substrate,
      Optional<TcbRules> tcb,
      Optional<Measurements> measurements,
      List<Pins> pins,
      List<Rule> rules,
      List<Output> outputs,
      Optional<Freshness> freshness,
      SourcePos pos) {}

  /**
   * Whether the evidence must carry the caller's nonce ({@code evidence.nonce}); absent means not
   * required, as in {@code builtin:strict}. Checked on every component of a composite appraisal.
   */
  public record Freshness(boolean requireNonce, SourcePos pos) {}

  /**
   * The TEE(s) the service claims to run on, and its GPUs. {@code allowMissingTdAttributes} names
   * the required TD attributes ({@link Vocabulary#REQUIRED_TD_ATTRIBUTES}) a TD may lack; {@code
   * allowPublishedMockKeys} the published default keys ({@link
   * dev.teepol.core.evidence.MockAttestation#PUBLISHED_KEYS}) a mock answer may be made with;
   * {@code allowWeakDigests} the digest algorithms ({@link Vocabulary#WEAK_DIGESTS}) a TPM quote
   * may rely on.
   */
  public record Substrate(
      List<Located<String>> tee,
      Optional<Gpu> gpu,
      boolean allowDebug,
      List<String> allowMissingTdAttributes,
      SourcePos pos,
      SourcePos teePos,
      Optional<Snp> snp,
      List<Located<String>> allowPublishedMockKeys,
      List<String> allowWeakDigests) {
    public Substrate {
      allowMissingTdAttributes = List.copyOf(allowMissingTdAttributes);
      allowPublishedMockKeys = List.copyOf(allowPublishedMockKeys);
      allowWeakDigests = List.copyOf(allowWeakDigests);
    }
  }

  /**
   * What an AMD SEV-SNP guest must be beyond its registers (docs/policy-reference.md, {@code
   * substrate.snp}). {@code guestPolicy} maps a guest policy bit (snake_case ABI name, e.g. {@code
   * migrate_ma}) to {@code allow}/{@code deny} (permissions) or {@code require}/{@code optional}
   * (requirements); bits not written keep their defaults ({@link Vocabulary#SNP_POLICY_DEFAULTS}).
   */
  public record Snp(
      List<Long> vmpl,
      Optional<Long> minGuestSvn,
      Map<String, String> guestPolicy,
      List<Located<String>> idKeyDigests,
      List<Located<String>> authorKeyDigests,
      Map<String, SourcePos> keyPositions,
      SourcePos pos) {}

  public record Gpu(
      boolean required, List<String> arch, long minCount, long maxCount, SourcePos pos) {}

  /** {@code appliesTo} empty means every TEE: evidence without a vendor TCB then cannot pass. */
  public record TcbRules(
      List<String> allow,
      List<String> allowAdvisories,
      Optional<Duration> maxCollateralAge,
      Optional<Duration> outOfDateGrace,
      Optional<Instant> expires,
      List<String> appliesTo,
      Map<String, SourcePos> keyPositions,
      SourcePos pos,
      Map<String, Long> minimum,
      Optional<Long> minEvaluationDataNumber) {}

  public record Measurements(List<Bundle> bundles, SourcePos pos) {}

  /** A named set of registers that must all match. */
  public record Bundle(String name, Map<String, Located<String>> registers, SourcePos pos) {}

  /**
   * An allowlist of proven values: {@code section.key} names it (e.g. {@code
   * workload.composeHashes}), {@code field} the evidence path it constrains.
   */
  public record Pins(
      String section,
      String key,
      String checkId,
      String field,
      List<Located<String>> values,
      List<String> bindings,
      SourcePos pos) {}

  public record Rule(String name, YamlNode.Scalar expression, String message, SourcePos pos) {}

  public record Output(String name, YamlNode.Scalar expression, SourcePos pos) {}
}
