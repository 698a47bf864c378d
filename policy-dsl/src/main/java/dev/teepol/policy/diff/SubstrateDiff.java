package dev.teepol.policy.diff;

import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.yaml.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code metadata}, {@code substrate} and {@code freshness}. */
final class SubstrateDiff {
  private SubstrateDiff() {}

  static void metadata(Policy a, Policy b, Diffs out) {
    Policy.Metadata x = a.metadata();
    Policy.Metadata y = b.metadata();
    List<String> notes = new ArrayList<>();
    if (!x.name().equals(y.name())) {
      notes.add("name " + x.name() + " → " + y.name());
    }
    if (x.version() != y.version()) {
      notes.add("version " + x.version() + " → " + y.version());
    }
    if (!x.owners().equals(y.owners())) {
      notes.add("owners " + x.owners() + " → " + y.owners());
    }
    if (!x.description().equals(y.description())) {
      notes.add("description changed");
    }
    if (!notes.isEmpty()) {
      out.add(
          "metadata",
          Effect.EQUAL,
          "metadata: " + String.join(", ", notes),
          List.of("metadata never changes what is accepted"),
          b.spec().pos());
    }
  }

  static void tee(Policy a, Policy b, Diffs out) {
    out.allowlist("substrate.tee", "TEE", tees(a), tees(b), substratePos(b));
  }

  private static Optional<List<String>> tees(Policy p) {
    return p.spec()
        .substrate()
        .map(s -> s.tee().stream().map(Located::value).toList())
        .filter(l -> !l.isEmpty());
  }

  static void gpu(Policy a, Policy b, Diffs out) {
    Optional<Policy.Gpu> x = a.spec().substrate().flatMap(Policy.Substrate::gpu);
    Optional<Policy.Gpu> y = b.spec().substrate().flatMap(Policy.Substrate::gpu);
    SourcePos at = y.map(Policy.Gpu::pos).orElse(substratePos(b));
    if (x.isEmpty() && y.isEmpty()) {
      return;
    }
    if (x.isEmpty()) {
      out.add(
          "substrate.gpu",
          Effect.NARROWS,
          "substrate.gpu added: GPUs must be attested (" + describe(y.get()) + ")",
          List.of(),
          at);
      return;
    }
    if (y.isEmpty()) {
      out.add(
          "substrate.gpu",
          Effect.WIDENS,
          "substrate.gpu removed: GPUs are no longer checked (before: " + describe(x.get()) + ")",
          List.of("now accepted: evidence without attested GPUs, and GPUs whose attestation fails"),
          at);
      return;
    }
    Policy.Gpu g = x.get();
    Policy.Gpu h = y.get();
    out.permission(
        "substrate.gpu.required",
        !g.required(),
        !h.required(),
        "substrate.gpu.required: " + g.required() + " → " + h.required(),
        "evidence with no GPU at all",
        at);
    out.allowlist(
        "substrate.gpu.arch",
        "GPU architecture",
        g.arch().isEmpty() ? Optional.empty() : Optional.of(g.arch()),
        h.arch().isEmpty() ? Optional.empty() : Optional.of(h.arch()),
        at);
    if (g.minCount() != h.minCount()) {
      out.add(
          "substrate.gpu.count.min",
          h.minCount() < g.minCount() ? Effect.WIDENS : Effect.NARROWS,
          "substrate.gpu.count.min: " + g.minCount() + " → " + h.minCount(),
          List.of(),
          at);
    }
    if (g.maxCount() != h.maxCount()) {
      out.add(
          "substrate.gpu.count.max",
          h.maxCount() > g.maxCount() ? Effect.WIDENS : Effect.NARROWS,
          "substrate.gpu.count.max: " + count(g.maxCount()) + " → " + count(h.maxCount()),
          List.of(),
          at);
    }
  }

  private static String describe(Policy.Gpu g) {
    return (g.required() ? "required" : "optional")
        + ", arch "
        + (g.arch().isEmpty() ? "any" : g.arch())
        + ", count "
        + g.minCount()
        + ".."
        + count(g.maxCount());
  }

  private static String count(long n) {
    return n == Long.MAX_VALUE ? "unbounded" : Long.toString(n);
  }

  static void debug(Policy a, Policy b, Diffs out) {
    out.permission(
        "substrate.allowDebug",
        a.spec().substrate().map(Policy.Substrate::allowDebug).orElse(false),
        b.spec().substrate().map(Policy.Substrate::allowDebug).orElse(false),
        "debug TEEs, whose memory the host can read",
        substratePos(b));
  }

  static void tdAttributes(Policy a, Policy b, Diffs out) {
    out.allowances(
        "substrate.allowMissingTdAttributes",
        "missing TD attribute",
        a.spec().substrate().map(Policy.Substrate::allowMissingTdAttributes).orElse(List.of()),
        b.spec().substrate().map(Policy.Substrate::allowMissingTdAttributes).orElse(List.of()),
        substratePos(b));
  }

  /**
   * Published mock keys are allowances: each one named lets in mock answers anyone can compute.
   * They matter only where the policy admits the mock attester; a note says when neither does.
   */
  static void mockKeys(Policy a, Policy b, Diffs out) {
    allowancesFor(
        "substrate.allowPublishedMockKeys",
        "published mock key",
        a.spec()
            .substrate()
            .map(s -> s.allowPublishedMockKeys().stream().map(Located::value).toList())
            .orElse(List.of()),
        b.spec()
            .substrate()
            .map(s -> s.allowPublishedMockKeys().stream().map(Located::value).toList())
            .orElse(List.of()),
        "mock",
        a,
        b,
        out);
  }

  /**
   * Weak digests are allowances: naming SHA1 lets in TPM quotes over the SHA-1 bank or signed with
   * SHA-1. They matter only where the policy admits TPM evidence.
   */
  static void weakDigests(Policy a, Policy b, Diffs out) {
    allowancesFor(
        "substrate.allowWeakDigests",
        "weak digest",
        a.spec().substrate().map(Policy.Substrate::allowWeakDigests).orElse(List.of()),
        b.spec().substrate().map(Policy.Substrate::allowWeakDigests).orElse(List.of()),
        "tpm",
        a,
        b,
        out);
  }

  private static void allowancesFor(
      String key,
      String noun,
      List<String> x,
      List<String> y,
      String tee,
      Policy a,
      Policy b,
      Diffs out) {
    Diffs tmp = new Diffs();
    tmp.allowances(key, noun, x, y, substratePos(b));
    boolean judged = SnpDiff.admits(a, tee) || SnpDiff.admits(b, tee);
    for (Change c : tmp.changes()) {
      List<String> details = new ArrayList<>(c.details());
      if (!judged && c.effect() != Effect.EQUAL) {
        details.add(
            "neither version admits "
                + dev.teepol.policy.model.Vocabulary.teeName(tee)
                + " evidence (substrate.tee), so in practice this changes nothing today");
      }
      out.add(c.key(), c.effect(), c.summary(), details, c.at().orElse(null));
    }
  }

  static void freshness(Policy a, Policy b, Diffs out) {
    boolean x = a.spec().freshness().map(Policy.Freshness::requireNonce).orElse(false);
    boolean y = b.spec().freshness().map(Policy.Freshness::requireNonce).orElse(false);
    out.permission(
        "freshness.requireNonce",
        !x,
        !y,
        "freshness.requireNonce: " + x + " → " + y,
        "evidence that does not carry the caller's nonce (a replayed report)",
        b.spec().freshness().map(Policy.Freshness::pos).orElse(b.spec().pos()));
  }

  static SourcePos substratePos(Policy p) {
    return p.spec().substrate().map(Policy.Substrate::pos).orElse(p.spec().pos());
  }

  static boolean same(Object x, Object y) {
    return Objects.equals(x, y);
  }
}
