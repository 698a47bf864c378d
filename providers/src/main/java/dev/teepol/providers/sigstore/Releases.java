package dev.teepol.providers.sigstore;

import dev.teepol.core.evidence.Provenance;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaches verified releases to another provider's appraisal: their provenance joins {@code
 * evidence.provenance} (a policy then binds, say, {@code workload.image_digests} to a verified
 * subject digest from a pinned repository), and every release check joins the checks under the
 * prefix {@code release.<name>:}, so a release that does not verify denies and is named.
 */
public final class Releases {
  /** Longest release label kept in a check id. */
  static final int MAX_LABEL = 64;

  private Releases() {}

  public static Appraisal attach(Appraisal primary, List<VerifiedRelease> releases) {
    if (releases.isEmpty()) {
      return primary;
    }
    List<Provenance> provenance = new ArrayList<>(primary.evidence().provenance());
    List<CheckResult> checks = new ArrayList<>(primary.checks());
    for (VerifiedRelease r : releases) {
      provenance.addAll(r.provenance());
      checks.addAll(prefixed(r));
    }
    return new Appraisal(
        primary.evidence().toBuilder().provenance(provenance).build(),
        checks,
        primary.components());
  }

  /** The release's checks as they appear beside another provider's: {@code release.<name>:<id>}. */
  public static List<CheckResult> prefixed(VerifiedRelease r) {
    String prefix = "release." + label(r.name()) + ":";
    return r.checks().stream().map(c -> c.withId(prefix + c.id())).toList();
  }

  /** A folder name as a check-id segment: letters, digits, {@code . _ -}, at most 64 characters. */
  static String label(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < MAX_LABEL; i++) {
      char c = name.charAt(i);
      b.append(
          Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' ? c : '_');
    }
    return b.length() == 0 ? "_" : b.toString();
  }
}
