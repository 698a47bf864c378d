package dev.teepol.policy.test;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.verdict.Decision;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Diagnostics;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlException;
import dev.teepol.policy.yaml.YamlNode;
import dev.teepol.policy.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@code <policy>.tests.yaml} suite with positions. Everything is checked before any case
 * runs: unknown keys (with a suggestion), missing clocks, evidence files that do not exist, a suite
 * without cases. All problems of the file are reported at once.
 */
public final class SuiteReader {
  private static final Set<String> SUITE_KEYS = Set.of("policy", "cases");
  private static final Set<String> CASE_KEYS =
      Set.of("name", "evidence", "normalized", "at", "expect");
  private static final Set<String> RAW_KEYS =
      Set.of("file", "collateral", "trustAnchor", "at", "nonce", "audience", "mockKey", "release");
  private static final Set<String> EXPECT_KEYS = Set.of("decision", "failing", "outputs");
  private static final List<String> DECISIONS = List.of("ALLOW", "DENY");

  private final Path file;
  private final Path dir;
  private final Diagnostics d = new Diagnostics();

  private SuiteReader(Path file) {
    this.file = file;
    this.dir = file.getParent() == null ? Path.of("") : file.getParent();
  }

  /**
   * @throws IOException the file cannot be read at all
   */
  public static TestSuite read(Path file) throws IOException, SuiteException {
    String text;
    try {
      text = BoundedFiles.readUtf8(file, Limits.DEFAULT.maxSuiteBytes(), "suite");
    } catch (LimitExceededException e) {
      throw new IOException(e.getMessage(), e);
    }
    return parse(text, file);
  }

  public static TestSuite parse(String text, Path file) throws SuiteException {
    return new SuiteReader(file).suite(text);
  }

  /** The policy a suite tests when it does not say: {@code x.tests.yaml} tests {@code x.yaml}. */
  public static String defaultPolicy(Path suiteFile) {
    String n = suiteFile.getFileName().toString();
    String base =
        n.endsWith(TestSuite.SUFFIX) ? n.substring(0, n.length() - TestSuite.SUFFIX.length()) : n;
    return base + ".yaml";
  }

  /** ISO 8601 with an offset ({@code 2025-01-01T00:00:00Z}) or unix seconds. */
  static Instant instant(String text) {
    String t = text.strip();
    if (t.matches("-?\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(t));
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is neither an ISO 8601 instant with offset (2025-01-01T00:00:00Z) nor unix seconds");
    }
  }

  private TestSuite suite(String text) throws SuiteException {
    YamlNode root;
    try {
      root = YamlReader.read(text, file.toString());
    } catch (YamlException e) {
      throw new SuiteException(List.of(Diagnostic.error(e.pos(), e.getMessage())), text);
    }
    String policy = defaultPolicy(file);
    List<TestCase> cases = new ArrayList<>();
    if (!(root instanceof YamlNode.Mapping m)) {
      d.error(root.pos(), "a test suite must be a map with 'cases', found " + root.describe());
    } else {
      keys(m, "the suite", SUITE_KEYS);
      policy = scalar(m, "policy").map(YamlNode.Scalar::text).map(String::strip).orElse(policy);
      YamlNode cs = m.entries().get("cases");
      if (cs == null) {
        d.error(m.pos(), "cases is required: a suite without cases tests nothing");
      } else if (!(cs instanceof YamlNode.Sequence seq)) {
        d.error(cs.pos(), "cases must be a list, found " + cs.describe());
      } else if (seq.items().isEmpty()) {
        d.error(cs.pos(), "cases is empty: a suite without cases tests nothing");
      } else {
        Map<String, SourcePos> names = new LinkedHashMap<>();
        for (YamlNode item : seq.items()) {
          testCase(item, names).ifPresent(cases::add);
        }
      }
    }
    String ref =
        policy.startsWith(Policies.BUILTIN_PREFIX) ? policy : dir.resolve(policy).toString();
    if (d.hasErrors()) {
      throw new SuiteException(d.all(), text);
    }
    return new TestSuite(file, text, ref, cases);
  }

  private Optional<TestCase> testCase(YamlNode item, Map<String, SourcePos> names) {
    if (!(item instanceof YamlNode.Mapping c)) {
      d.error(
          item.pos(),
          "a case must be a map with name, evidence or normalized, and expect; found "
              + item.describe());
      return Optional.empty();
    }
    keys(c, "a case", CASE_KEYS);
    String name = scalar(c, "name").map(YamlNode.Scalar::text).map(String::strip).orElse("");
    if (name.isEmpty()) {
      d.error(c.pos(), "every case needs a name");
    } else if (names.containsKey(name)) {
      d.error(
          posOf(c, "name"),
          "duplicate case name '" + name + "' (first at line " + names.get(name).line() + ")");
    } else {
      names.put(name, posOf(c, "name"));
    }
    String where = "case '" + name + "'";
    YamlNode raw = c.entries().get("evidence");
    YamlNode normalized = c.entries().get("normalized");
    Optional<Instant> at = at(c, where);
    CaseEvidence evidence = null;
    if (raw != null && normalized != null) {
      d.error(posOf(c, "normalized"), where + " gives both evidence and normalized: use one");
    } else if (raw != null) {
      Optional<Instant> rawAt =
          raw instanceof YamlNode.Mapping rm ? at(rm, where + " evidence") : Optional.empty();
      if (rawAt.isPresent() && at.isPresent()) {
        d.error(posOf((YamlNode.Mapping) raw, "at"), where + " gives 'at' twice: keep one");
      }
      at = at.or(() -> rawAt);
      evidence = raw(raw, where);
    } else if (normalized != null) {
      evidence =
          new CaseEvidence.Normalized(
              new NormalizedEvidenceReader(d).appraisal(normalized, "normalized"));
    } else {
      d.error(c.pos(), where + " needs evidence (raw files) or normalized (the evidence model)");
    }
    if (at.isEmpty() && (raw != null || normalized != null)) {
      d.error(
          posOf(c, raw != null ? "evidence" : "normalized"),
          where
              + " needs 'at': the instant the evidence is judged at (tests never read the wall clock)");
    }
    YamlNode e = c.entries().get("expect");
    Optional<Expectation> expect = Optional.empty();
    if (e == null) {
      d.error(c.pos(), where + " needs expect (at least decision: ALLOW or DENY)");
    } else {
      expect = expectation(e, where);
    }
    if (evidence == null || at.isEmpty() || expect.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TestCase(name, c.pos(), evidence, at.get(), expect.get()));
  }

  private Optional<Instant> at(YamlNode.Mapping m, String where) {
    return scalar(m, "at")
        .flatMap(
            s -> {
              try {
                return Optional.of(instant(s.text()));
              } catch (IllegalArgumentException e) {
                d.error(s.pos(), where + " at: " + e.getMessage());
                return Optional.empty();
              }
            });
  }

  private CaseEvidence raw(YamlNode n, String where) {
    if (!(n instanceof YamlNode.Mapping m)) {
      d.error(
          n.pos(),
          where
              + " evidence must be a map with file (and collateral, trustAnchor, at, nonce, audience,"
              + " mockKey, release), found "
              + n.describe());
      return null;
    }
    keys(m, "evidence", RAW_KEYS);
    Optional<Path> evidenceFile = path(m, "file", where, false);
    if (!m.entries().containsKey("file")) {
      d.error(m.pos(), where + " evidence needs file: the evidence file, relative to the suite");
    }
    Optional<Path> collateral = path(m, "collateral", where, true);
    List<Path> anchors = paths(m, "trustAnchor", where, false);
    Optional<String> nonce = scalar(m, "nonce").map(s -> s.text().strip());
    nonce.ifPresent(
        x -> {
          if (x.isEmpty() || !Hex.isHex(x) || x.length() % 2 != 0) {
            d.error(posOf(m, "nonce"), where + " nonce must be non-empty hex, found '" + x + "'");
          }
        });
    Optional<String> audience = scalar(m, "audience").map(YamlNode.Scalar::text);
    audience.ifPresent(
        a -> {
          if (a.isEmpty()) {
            d.error(posOf(m, "audience"), where + " audience must not be empty");
          }
        });
    Optional<Path> mockKey = path(m, "mockKey", where, false);
    List<Path> releases = paths(m, "release", where, true);
    return evidenceFile
        .map(f -> new CaseEvidence.Raw(f, collateral, anchors, nonce, audience, mockKey, releases))
        .orElse(null);
  }

  /** A path, or a list of paths, each as {@link #path} reads one. */
  private List<Path> paths(YamlNode.Mapping m, String key, String where, boolean directory) {
    YamlNode n = m.entries().get(key);
    if (!(n instanceof YamlNode.Sequence seq)) {
      return path(m, key, where, directory).stream().toList();
    }
    List<Path> out = new java.util.ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      YamlNode.Mapping one =
          new YamlNode.Mapping(Map.of(key, item), Map.of(key, item.pos()), item.pos());
      path(one, key, where + " " + key + "[" + i + "]", directory).ifPresent(out::add);
    }
    if (out.isEmpty() && seq.items().isEmpty()) {
      d.error(n.pos(), where + " " + key + " is an empty list: remove it or name the files");
    }
    return out;
  }

  /**
   * A path relative to the suite's directory that must exist now, so a typo is a suite error, not a
   * DENY.
   */
  private Optional<Path> path(YamlNode.Mapping m, String key, String where, boolean directory) {
    return scalar(m, key)
        .flatMap(
            s -> {
              Path p = dir.resolve(s.text().strip()).normalize();
              if (directory ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
                d.error(
                    s.pos(),
                    where
                        + " "
                        + key
                        + ": "
                        + p
                        + (Files.exists(p)
                            ? (directory ? " is not a directory" : " is not a file")
                            : " does not exist"));
                return Optional.empty();
              }
              return Optional.of(p);
            });
  }

  private Optional<Expectation> expectation(YamlNode n, String where) {
    if (!(n instanceof YamlNode.Mapping m)) {
      d.error(n.pos(), where + " expect must be a map with decision, found " + n.describe());
      return Optional.empty();
    }
    keys(m, "expect", EXPECT_KEYS);
    Optional<YamlNode.Scalar> ds = scalar(m, "decision");
    if (ds.isEmpty()) {
      if (!m.entries().containsKey("decision")) {
        d.error(m.pos(), where + " expect needs decision: ALLOW or DENY");
      }
      return Optional.empty();
    }
    String decision = ds.get().text().strip();
    if (!DECISIONS.contains(decision)) {
      d.error(
          ds.get().pos(),
          where + " decision must be ALLOW or DENY, found '" + decision + "'",
          decision,
          DECISIONS);
      return Optional.empty();
    }
    Optional<Set<String>> failing = Optional.empty();
    YamlNode f = m.entries().get("failing");
    if (f != null) {
      if (f instanceof YamlNode.Sequence s) {
        Set<String> ids = new LinkedHashSet<>();
        for (YamlNode i : s.items()) {
          if (i instanceof YamlNode.Scalar x && !x.text().isBlank()) {
            if (!ids.add(x.text().strip())) {
              d.error(x.pos(), where + " failing lists '" + x.text().strip() + "' twice");
            }
          } else {
            d.error(i.pos(), where + " failing items must be check ids");
          }
        }
        failing = Optional.of(ids);
        if (decision.equals("DENY") && ids.isEmpty()) {
          d.error(f.pos(), where + " expects DENY with no failing check: a DENY always has one");
        }
      } else {
        d.error(f.pos(), where + " failing must be a list of check ids, found " + f.describe());
      }
    }
    if (decision.equals("ALLOW") && failing.map(x -> !x.isEmpty()).orElse(false)) {
      d.error(f.pos(), where + " expects ALLOW with failing checks: an ALLOW has none");
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    Map<String, SourcePos> outputPos = new LinkedHashMap<>();
    YamlNode o = m.entries().get("outputs");
    if (o instanceof YamlNode.Mapping om) {
      om.entries()
          .forEach(
              (k, v) -> {
                outputs.put(k, plain(v));
                outputPos.put(k, om.keyPositions().get(k));
              });
    } else if (o != null) {
      d.error(
          o.pos(), where + " outputs must be a map of output name to value, found " + o.describe());
    }
    return Optional.of(new Expectation(Decision.valueOf(decision), failing, outputs, outputPos));
  }

  /**
   * An expected output as the plain value CEL would produce: unquoted 2 is an int, "2" a string.
   */
  static Object plain(YamlNode n) {
    if (n instanceof YamlNode.Sequence s) {
      return s.items().stream().map(SuiteReader::plain).toList();
    }
    if (n instanceof YamlNode.Mapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.entries().forEach((k, v) -> out.put(k, plain(v)));
      return out;
    }
    YamlNode.Scalar s = (YamlNode.Scalar) n;
    String t = s.text().strip();
    if (!s.plain()) {
      return s.text();
    }
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    if (t.matches("-?\\d+")) {
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        return t;
      }
    }
    if (t.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
      return Double.parseDouble(t);
    }
    return s.text();
  }

  private void keys(YamlNode.Mapping m, String where, Set<String> allowed) {
    m.entries()
        .keySet()
        .forEach(
            k -> {
              if (!allowed.contains(k)) {
                d.error(
                    m.keyPositions().get(k),
                    "unknown key '"
                        + k
                        + "' in "
                        + where
                        + " (allowed: "
                        + new TreeSet<>(allowed)
                        + ")",
                    k,
                    allowed);
              }
            });
  }

  private Optional<YamlNode.Scalar> scalar(YamlNode.Mapping m, String key) {
    YamlNode n = m.entries().get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (n instanceof YamlNode.Scalar s && !s.text().isBlank()) {
      return Optional.of(s);
    }
    d.error(
        n.pos(),
        key
            + " must be a single non-empty value, found "
            + (n instanceof YamlNode.Scalar ? "nothing" : n.describe()));
    return Optional.empty();
  }

  private static SourcePos posOf(YamlNode.Mapping m, String key) {
    return m.keyPositions().getOrDefault(key, m.pos());
  }
}
