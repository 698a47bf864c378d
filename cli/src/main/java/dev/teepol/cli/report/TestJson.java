package dev.teepol.cli.report;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.verifier.json.AppraisalJson;
import dev.teepol.verifier.suite.CaseResult;
import dev.teepol.verifier.suite.SuiteResult;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * {@code teepol test --format json}: one document with every suite and case
 * (docs/verdict-schema.md, "teepol test --format json"). No timestamps or durations, so the same
 * run gives the same bytes.
 */
public final class TestJson {
  /** Bumped only on incompatible changes. */
  public static final String SCHEMA = "teepol.dev/test/v1";

  private TestJson() {}

  public static JsonObject of(List<SuiteResult> suites) {
    JsonArrayBuilder all = JSON.createArrayBuilder();
    for (SuiteResult s : suites) {
      all.add(suite(s));
    }
    return JSON.createObjectBuilder()
        .add("schema", SCHEMA)
        .add("passed", suites.stream().mapToLong(SuiteResult::passed).sum())
        .add("failed", suites.stream().mapToLong(SuiteResult::failed).sum())
        .add("broken", suites.stream().filter(s -> s.broken().isPresent()).count())
        .add("suites", all)
        .build();
  }

  private static JsonObject suite(SuiteResult s) {
    JsonArrayBuilder cases = JSON.createArrayBuilder();
    s.cases().forEach(c -> cases.add(kase(c)));
    return JSON.createObjectBuilder()
        .add("suite", s.name())
        .add("status", s.broken().isPresent() ? "broken" : "ran")
        .add("error", s.broken().orElse(""))
        .add("passed", s.passed())
        .add("failed", s.failed())
        .add("cases", cases)
        .build();
  }

  private static JsonObject kase(CaseResult c) {
    JsonArrayBuilder problems = JSON.createArrayBuilder();
    c.problems().forEach(problems::add);
    JsonObjectBuilder o =
        JSON.createObjectBuilder()
            .add("name", c.name())
            .add("outcome", c.passed() ? "PASS" : "FAIL")
            .add("problems", problems);
    o.add(
        "decision",
        c.decision().<JsonValue>map(d -> JSON.createValue(d.name())).orElse(JsonValue.NULL));
    return o.add("failing", AppraisalJson.checks(c.notPassing())).build();
  }
}
