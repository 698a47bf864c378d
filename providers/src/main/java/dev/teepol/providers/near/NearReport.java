package dev.teepol.providers.near;

import java.util.List;

/**
 * A decoded NEAR attestation report: its nodes (the gateway first when there is one, then the
 * model nodes in report order) and the report-level members nothing binds.
 *
 * @param shape "gateway report" or "model report", for messages
 */
public record NearReport(String shape, List<NodeInput> nodes, List<String> unboundParts, boolean compressed) {
  public NearReport {
    nodes = List.copyOf(nodes);
    unboundParts = List.copyOf(unboundParts);
  }
}
