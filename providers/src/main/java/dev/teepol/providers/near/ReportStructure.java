package dev.teepol.providers.near;

import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.abi.ReportBody;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a report has the parts its shape requires ({@link NearChecks#REPORT_STRUCTURE}). Each
 * node is appraised on its own, so without this check a report with its OutOfDate gateway deleted,
 * or with no model node, or with one node copied in under a second role, would be judged only on
 * the nodes it still shows. A missing part is therefore a FAILed check here, never an absent one.
 *
 * <p>Distinctness is judged on the signed report body of each node's quote (registers and
 * report_data, byte for byte), not on the node JSON: two nodes whose quotes carry the same TD
 * report are one attested TD, whatever role, model name or GPU evidence the JSON gives them.
 * Distinct TDs differ at least in RTMR3 (instance id) or report_data (signing key, nonce), so
 * genuine reports never trip it.
 */
final class ReportStructure {
  private ReportStructure() {}

  /**
   * @param bodies each node's report body in report order (gateway first), keyed by component name;
   *     empty for a node whose quote did not decode (it fails its own checks instead)
   */
  static CheckResult check(NearReport report, Map<String, Optional<ReportBody>> bodies) {
    List<String> problems = new ArrayList<>();
    long models = report.nodes().stream().filter(n -> n.role() == NodeRole.MODEL).count();
    boolean gateway = report.nodes().stream().anyMatch(n -> n.role() == NodeRole.GATEWAY);
    if (report.shape() == NearReport.Shape.GATEWAY && !gateway) {
      problems.add("no gateway_attestation: a gateway report must attest its gateway");
    }
    if (models == 0) {
      problems.add(
          "no model node: a " + report.shape().label() + " must attest at least one model server");
    }
    Map<ByteBuffer, String> seen = new HashMap<>();
    bodies.forEach(
        (name, body) ->
            body.ifPresent(
                b -> {
                  String first = seen.putIfAbsent(ByteBuffer.wrap(b.bytes()), name);
                  if (first != null) {
                    problems.add(
                        name
                            + " carries the same TD report as "
                            + first
                            + ": one attested TD cannot stand for two nodes");
                  }
                }));
    String parts = (gateway ? "gateway + " : "") + models + " model node(s)";
    return problems.isEmpty()
        ? CheckResult.pass(
            NearChecks.REPORT_STRUCTURE,
            CheckCategory.BINDING,
            report.shape().label() + ": " + parts + ", each a distinct TD report")
        : CheckResult.fail(
            NearChecks.REPORT_STRUCTURE,
            CheckCategory.BINDING,
            report.shape().label() + " with " + parts + ": " + String.join("; ", problems));
  }
}
