package dev.teepol.providers.near;

import java.util.List;

/**
 * A decoded NEAR attestation report: its nodes (the gateway first when there is one, then the model
 * nodes in report order) and the report-level members nothing binds. The nodes are as the report
 * gives them: whether they make a complete report is {@link ReportStructure}'s question.
 */
record NearReport(
    Shape shape, List<NodeInput> nodes, List<String> unboundParts, boolean compressed) {
  public NearReport {
    nodes = List.copyOf(nodes);
    unboundParts = List.copyOf(unboundParts);
  }

  /** The two report shapes NEAR serves; each requires its own parts (docs/providers/near.md). */
  public enum Shape {
    /** The cloud gateway's report: {@code gateway_attestation} + {@code model_attestations[]}. */
    GATEWAY("gateway report"),
    /** A model endpoint's own report: the node's members at the top level. */
    MODEL("model report");

    private final String label;

    Shape(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
