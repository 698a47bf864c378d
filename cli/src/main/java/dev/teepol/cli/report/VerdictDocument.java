package dev.teepol.cli.report;

import static dev.teepol.cli.report.JsonOut.JSON;

import dev.teepol.cli.Verification;
import jakarta.json.JsonObject;

/** The one JSON document {@code teepol verify --format json} prints (docs/verdict-schema.md). */
public final class VerdictDocument {
  /** Bumped only on incompatible changes; new fields may appear without a bump. */
  public static final String SCHEMA = "teepol.dev/verdict/v1";

  private VerdictDocument() {}

  public static JsonObject of(Verification v) {
    return JSON.createObjectBuilder()
        .add("schema", SCHEMA)
        .add("input", v.input())
        .add("provider", v.provider())
        .add("verified_at", v.at().toString())
        .add("clock", v.clockSource())
        .add("collateral_source", v.collateral())
        .add("trust_anchor", v.trustAnchor())
        .add("decision", v.verdict().decision().name())
        .add("genuine", v.appraisal().genuine())
        .add("policy", JSON.createObjectBuilder()
            .add("ref", v.policy().ref())
            .add("name", v.policy().name())
            .add("version", v.policy().version())
            .add("hash", "sha256:" + v.policy().sha256()))
        .add("checks", AppraisalJson.checks(v.verdict().checks()))
        .add("outputs", AppraisalJson.outputs(v.verdict().outputs()))
        .add("evidence", AppraisalJson.evidence(v.appraisal()))
        .build();
  }
}
