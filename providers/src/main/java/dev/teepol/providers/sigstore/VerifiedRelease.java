package dev.teepol.providers.sigstore;

import dev.teepol.core.evidence.Provenance;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.sigstore.abi.Statement;
import dev.teepol.providers.sigstore.verify.FulcioIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the Sigstore provider publishes about one release for the providers and callers built on it
 * (Tinfoil, a workload whose image digest a provenance must vouch for): the typed statement and
 * signer, and whether everything verified, decided once where the checks ran.
 *
 * @param name the release's label (its folder name)
 * @param checks every check of the bundle (ids in {@link SigstoreChecks})
 * @param identity who the certificate names, when the bundle decoded
 * @param statement the signed in-toto statement, when it decoded
 * @param signedTime the integrated time a verified signed entry timestamp vouches for
 * @param verified every check passed: the statement is the signer's word
 */
public record VerifiedRelease(
    String name,
    List<CheckResult> checks,
    Optional<FulcioIdentity> identity,
    Optional<Statement> statement,
    Optional<Instant> signedTime,
    boolean verified) {
  public VerifiedRelease {
    checks = List.copyOf(checks);
  }

  /** The predicate, when the statement decoded. */
  public Optional<Predicate> predicate() {
    return statement.map(Statement::predicate);
  }

  /** The Tinfoil deployment predicate, when this release is one. */
  public Optional<Predicate.TinfoilDeployment> deployment() {
    return predicate()
        .filter(Predicate.TinfoilDeployment.class::isInstance)
        .map(Predicate.TinfoilDeployment.class::cast);
  }

  /** The Tinfoil hardware profiles, when this release is one. */
  public Optional<Predicate.HardwareMeasurements> hardware() {
    return predicate()
        .filter(Predicate.HardwareMeasurements.class::isInstance)
        .map(Predicate.HardwareMeasurements.class::cast);
  }

  /**
   * One provenance entry per subject digest ({@code sha256:<hex>}), each marked verified only when
   * the whole bundle verified. Empty when the statement did not decode.
   */
  public List<Provenance> provenance() {
    if (statement.isEmpty() || identity.isEmpty()) {
      return List.of();
    }
    FulcioIdentity id = identity.get();
    return statement.get().subjects().stream()
        .flatMap(
            s ->
                s.digests().entrySet().stream()
                    .map(
                        d ->
                            new Provenance(
                                statement.get().predicateType(),
                                id.sourceRepository(),
                                id.workflowRef(),
                                id.sourceCommit(),
                                d.getKey() + ":" + d.getValue(),
                                id.issuer(),
                                verified)))
        .toList();
  }
}
