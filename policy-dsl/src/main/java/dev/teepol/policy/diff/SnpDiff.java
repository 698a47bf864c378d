package dev.teepol.policy.diff;

import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import dev.teepol.policy.yaml.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code substrate.snp}: the VMPLs and ID-block key digests are allowlists (absent = any), the
 * minimum GUEST_SVN a lower bound, and each guest policy bit a permission (allow accepts more) or a
 * requirement (optional accepts more), with the defaults the compiler applies when a bit is not
 * written. These checks judge only SEV-SNP evidence; when neither version admits SEV-SNP the class
 * stands (it is what the section would do) and a note says it accepts nothing in practice.
 */
final class SnpDiff {
  private SnpDiff() {}

  static void snp(Policy a, Policy b, Diffs out) {
    Optional<Policy.Snp> x = a.spec().substrate().flatMap(Policy.Substrate::snp);
    Optional<Policy.Snp> y = b.spec().substrate().flatMap(Policy.Substrate::snp);
    if (x.isEmpty() && y.isEmpty()) {
      return;
    }
    Diffs tmp = new Diffs();
    tmp.allowlist(
        "substrate.snp.vmpl",
        "VMPL",
        x.map(SnpDiff::vmpl).filter(l -> !l.isEmpty()),
        y.map(SnpDiff::vmpl).filter(l -> !l.isEmpty()),
        pos(b, y, "vmpl"));
    tmp.minimum(
        "substrate.snp.minGuestSvn",
        x.flatMap(Policy.Snp::minGuestSvn),
        y.flatMap(Policy.Snp::minGuestSvn),
        "GUEST_SVN",
        pos(b, y, "minGuestSvn"));
    guestPolicy(x, y, pos(b, y, "guestPolicy"), tmp);
    tmp.allowlist(
        "substrate.snp.idKeyDigests",
        "ID key digest",
        x.map(s -> values(s.idKeyDigests())).filter(l -> !l.isEmpty()),
        y.map(s -> values(s.idKeyDigests())).filter(l -> !l.isEmpty()),
        pos(b, y, "idKeyDigests"));
    tmp.allowlist(
        "substrate.snp.authorKeyDigests",
        "author key digest",
        x.map(s -> values(s.authorKeyDigests())).filter(l -> !l.isEmpty()),
        y.map(s -> values(s.authorKeyDigests())).filter(l -> !l.isEmpty()),
        pos(b, y, "authorKeyDigests"));
    boolean judged = admits(a, "sev-snp") || admits(b, "sev-snp");
    for (Change c : tmp.changes()) {
      List<String> details = new ArrayList<>(c.details());
      if (!judged && c.effect() != Effect.EQUAL) {
        details.add(
            "neither version admits SEV-SNP evidence (substrate.tee), so in practice this changes"
                + " nothing today");
      }
      out.add(c.key(), c.effect(), c.summary(), details, c.at().orElse(null));
    }
  }

  /** Each bit as the compiler reads it: written, else its default. */
  private static void guestPolicy(
      Optional<Policy.Snp> x, Optional<Policy.Snp> y, SourcePos at, Diffs out) {
    Map<String, String> before = x.map(Policy.Snp::guestPolicy).orElse(Map.of());
    Map<String, String> after = y.map(Policy.Snp::guestPolicy).orElse(Map.of());
    Vocabulary.SNP_POLICY_DEFAULTS.forEach(
        (name, def) -> {
          String from = before.getOrDefault(def[0], def[1]);
          String to = after.getOrDefault(def[0], def[1]);
          if (from.equals(to)) {
            return;
          }
          String bit = def[0].toUpperCase(java.util.Locale.ROOT);
          boolean permission = def[1].equals("allow") || def[1].equals("deny");
          // A permission the guest grants: allowing it accepts guests that grant it. A
          // requirement the guest imposes: making it optional accepts guests that do not set it.
          boolean widens = permission ? to.equals("allow") : to.equals("optional");
          out.add(
              "substrate.snp.guestPolicy." + name,
              widens ? Effect.WIDENS : Effect.NARROWS,
              "substrate.snp.guestPolicy." + name + ": " + from + " → " + to,
              List.of(
                  permission
                      ? (widens
                          ? "now accepted: guests whose policy allows " + bit
                          : "no longer accepted: guests whose policy allows " + bit)
                      : (widens
                          ? "now accepted: guests that do not require " + bit
                          : "no longer accepted: guests that do not require " + bit)),
              at);
        });
  }

  /** Whether evidence from {@code tee} can pass the substrate claim. */
  static boolean admits(Policy p, String tee) {
    return p.spec()
        .substrate()
        .map(s -> s.tee().isEmpty() || s.tee().stream().anyMatch(t -> t.value().equals(tee)))
        .orElse(true);
  }

  private static List<String> vmpl(Policy.Snp s) {
    return s.vmpl().stream().map(String::valueOf).toList();
  }

  private static List<String> values(List<Located<String>> l) {
    return l.stream().map(Located::value).toList();
  }

  private static SourcePos pos(Policy p, Optional<Policy.Snp> s, String key) {
    return s.map(x -> x.keyPositions().getOrDefault(key, x.pos()))
        .orElse(SubstrateDiff.substratePos(p));
  }
}
