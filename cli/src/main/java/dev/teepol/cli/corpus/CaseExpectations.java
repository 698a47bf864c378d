package dev.teepol.cli.corpus;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code corpus run --check} compares a decided case with, read from its expected.json only
 * after the case was decided (the runner itself never sees it). teepol's own convention is {@code
 * "teepol": {"decision": "ALLOW"|"DENY", "genuine": true|false}}; the shared corpus's {@code
 * expected_decision} / {@code expected_genuine} keys are read too, and a {@code verdict} text that
 * starts with "ACCEPT (genuine)" says the evidence is genuine.
 *
 * @param decision the expected decision under the policy the runner used, when stated
 * @param genuine whether the evidence is expected to be genuine, when stated
 */
record CaseExpectations(Optional<String> decision, Optional<Boolean> genuine) {
  static final String KEY = "teepol";

  static CaseExpectations read(Path caseDir) throws CaseFailure {
    Path file = caseDir.resolve(CaseInputs.FILE);
    JsonObject o;
    try (JsonReader r =
        JSON.createReader(
            new StringReader(BoundedFiles.readUtf8(file, CaseInputs.MAX_BYTES, CaseInputs.FILE)))) {
      o = r.readObject();
    } catch (IOException | LimitExceededException | JsonException | IllegalStateException e) {
      throw new CaseFailure(CaseInputs.FILE + ": " + e.getMessage());
    }
    JsonObject own = o.get(KEY) instanceof JsonObject t ? t : JsonValue.EMPTY_JSON_OBJECT;
    Optional<String> decision =
        string(own, "decision")
            .or(() -> string(o, "expected_decision"))
            .map(d -> d.toUpperCase(java.util.Locale.ROOT));
    Optional<Boolean> genuine =
        bool(own, "genuine")
            .or(() -> bool(o, "expected_genuine"))
            .or(
                () ->
                    string(o, "verdict")
                        .filter(v -> v.startsWith("ACCEPT (genuine)"))
                        .map(v -> true));
    return new CaseExpectations(decision, genuine);
  }

  /**
   * What disagrees between this expectation and a case line; empty when all stated values agree.
   */
  List<String> disagreements(JsonObject line) {
    List<String> out = new ArrayList<>();
    decision.ifPresent(
        d -> {
          String got = line.getString("decision", "");
          if (!d.equals(got)) {
            out.add("decision " + got + ", expected " + d);
          }
        });
    genuine.ifPresent(
        g -> {
          boolean got = line.getBoolean("genuine", false);
          if (g != got) {
            out.add("genuine " + got + ", expected " + g);
          }
        });
    return out;
  }

  boolean states() {
    return decision.isPresent() || genuine.isPresent();
  }

  private static Optional<String> string(JsonObject o, String key) {
    return o.get(key) instanceof jakarta.json.JsonString s
        ? Optional.of(s.getString())
        : Optional.empty();
  }

  private static Optional<Boolean> bool(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v == JsonValue.TRUE
        ? Optional.of(true)
        : v == JsonValue.FALSE ? Optional.of(false) : Optional.empty();
  }
}
