package dev.teepol.verifier;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.verifier.json.AppraisalJson;
import jakarta.json.JsonObject;

/** The one JSON document of a verification (docs/verdict-schema.md). */
final class VerdictDocument {
  /** Bumped only on incompatible changes; new fields may appear without a bump. */
  static final String SCHEMA = "teepol.dev/verdict/v2";

  private VerdictDocument() {}

  static JsonObject of(VerificationResult v) {
    return JSON.createObjectBuilder()
        .add("schema", SCHEMA)
        .add("input", v.input())
        .add("provider", v.provider())
        .add("verified_at", v.verifiedAt().toString())
        .add("clock", v.clockSource())
        .add("collateral_source", v.collateral())
        .add("trust_anchor", v.trustAnchor())
        .add("decision", v.decision().name())
        .add("genuine", v.genuine())
        .add(
            "policy",
            JSON.createObjectBuilder()
                .add("ref", v.policy().ref())
                .add("name", v.policy().name())
                .add("version", v.policy().version())
                .add("hash", "sha256:" + v.policy().sha256()))
        .add("checks", AppraisalJson.checks(v.checks()))
        .add("outputs", AppraisalJson.outputs(v.outputs()))
        .add("evidence", AppraisalJson.evidence(v.appraisal()))
        .build();
  }
}
