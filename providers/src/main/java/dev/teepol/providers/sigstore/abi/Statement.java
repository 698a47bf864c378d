package dev.teepol.providers.sigstore.abi;

import java.util.List;
import java.util.Map;

/**
 * An in-toto statement (v0.1 or v1), the signed payload of a DSSE bundle.
 *
 * @param subjects the artifacts it is about
 * @param predicateType what the predicate says, a URI
 * @param predicate the decoded predicate
 */
public record Statement(List<Subject> subjects, String predicateType, Predicate predicate) {
  public Statement {
    subjects = List.copyOf(subjects);
  }

  /**
   * One subject.
   *
   * @param name e.g. a file name or an image reference
   * @param digests algorithm ({@code sha256}) → lowercase hex
   */
  public record Subject(String name, Map<String, String> digests) {
    public Subject {
      digests = Map.copyOf(digests);
    }
  }
}
