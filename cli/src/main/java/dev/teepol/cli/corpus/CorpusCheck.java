package dev.teepol.cli.corpus;

import static dev.teepol.verifier.json.JsonOut.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code corpus run --check}: compares each decided case line with what its expected.json states
 * ({@link CaseExpectations}), read only after the case was decided, and counts the outcomes.
 */
public final class CorpusCheck {
  private final Path root;
  private int agreed;
  private int disagreed;
  private int unchecked;

  public CorpusCheck(Path root) {
    this.root = root;
  }

  /** The line with a {@code check} object added (lines that were not decided pass unchanged). */
  public JsonObject check(JsonObject line) {
    if (!CaseStatus.PASSED.label().equals(line.getString("status"))) {
      return line;
    }
    JsonObjectBuilder c = JSON.createObjectBuilder();
    try {
      CaseExpectations want = CaseExpectations.read(root.resolve(line.getString("case")));
      if (!want.states()) {
        unchecked++;
        c.add("agrees", JsonValue.NULL)
            .add("reason", "expected.json states no decision or genuine");
      } else {
        List<String> problems = want.disagreements(line);
        if (problems.isEmpty()) {
          agreed++;
        } else {
          disagreed++;
        }
        c.add("agrees", problems.isEmpty()).add("problems", JSON.createArrayBuilder(problems));
      }
    } catch (CaseFailure e) {
      disagreed++;
      c.add("agrees", false).add("problems", JSON.createArrayBuilder(List.of(e.getMessage())));
    }
    return JSON.createObjectBuilder(line).add("check", c).build();
  }

  public int agreed() {
    return agreed;
  }

  public int disagreed() {
    return disagreed;
  }

  public int unchecked() {
    return unchecked;
  }
}
