package dev.teepol.policy.diff;

import dev.teepol.policy.yaml.SourcePos;
import java.util.List;
import java.util.Optional;

/**
 * One difference between two versions of a policy, classified.
 *
 * @param key the policy key it is about, as written in the file ({@code tcb.allow}, {@code
 *     measurements.bundles}, {@code rules.fresh})
 * @param summary one sentence a reviewer reads first ("adds OutOfDate to tcb.allow")
 * @param details what exactly is newly accepted or denied (values, registers, advisories)
 * @param at where the change is in the new version, else in the old one
 */
public record Change(
    String key, Effect effect, String summary, List<String> details, Optional<SourcePos> at) {
  public Change {
    details = List.copyOf(details);
  }

  static Change of(String key, Effect effect, String summary, List<String> details, SourcePos at) {
    return new Change(
        key,
        effect,
        summary,
        details,
        at == null || at.line() == 0 ? Optional.empty() : Optional.of(at));
  }
}
