package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.json.JsonEvidenceProvider;
import dev.teepol.providers.json.JsonPrefix;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.abi.ReportBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NEAR AI private-inference attestation reports, plain or gzip-compressed. Every attested node is a
 * component appraisal ({@code gateway}, {@code model0}, ...); the report's own appraisal carries
 * the parse check and, as its evidence, that of the primary node: the first model node, or the
 * gateway when the report has no model node. The report is genuine only if every node is and it has
 * every part its shape requires ({@link ReportStructure}). See docs/providers/near.md.
 */
public final class NearProvider extends JsonEvidenceProvider<NearReport> {
  public static final String ID = "near";

  private final NodeAppraiser nodes;

  /**
   * Verifies each node's quote with {@code tdx}, the set's own TDX provider, so its caches are
   * shared; the JWKS and the NRAS verdicts come from each appraisal's collateral source.
   */
  NearProvider(TdxProvider tdx) {
    super(ID, NearChecks.REPORT_PARSE);
    this.nodes = new NodeAppraiser(new DstackAppraiser(tdx));
  }

  /**
   * The TDX provider this one verifies quotes with (the set's own; asserted by the loading tests).
   */
  TdxProvider tdx() {
    return nodes.tdx();
  }

  /**
   * A report's members among the first bytes, of the plain JSON or of at most a window's worth of
   * the inflated gzip: a gzip bomb is inflated no further than that window.
   */
  @Override
  protected boolean sniff(byte[] content, Limits limits) {
    byte[] json =
        BoundedGzip.isGzip(content)
            ? BoundedGzip.prefix(
                content, (int) Math.min(JsonPrefix.WINDOW, limits.maxDecompressedBytes()))
            : content;
    JsonPrefix p = JsonPrefix.scan(json, limits);
    return p.isObject()
        && (p.member("gateway_attestation").equals(Optional.of(JsonPrefix.Kind.OBJECT))
            || p.member("model_attestations").equals(Optional.of(JsonPrefix.Kind.ARRAY))
            || (p.has("intel_quote") && p.has("signing_address")));
  }

  /** The report's shape and every node, field by field; nothing verified. */
  @Override
  public Decoded inspect(EvidenceSource source, AppraisalContext offline) {
    return NearInspection.decode(source.content(), offline.limits());
  }

  @Override
  protected NearReport parse(byte[] content, Limits limits) throws ParseException {
    return NearReportParser.parse(content, limits);
  }

  @Override
  protected Appraisal appraise(String subject, NearReport report, AppraisalContext ctx) {
    Map<String, Appraisal> components = new LinkedHashMap<>();
    Map<String, Optional<ReportBody>> bodies = new LinkedHashMap<>();
    for (NodeInput n : report.nodes()) {
      NodeAppraiser.NodeAppraisal a = nodes.appraise(n, ctx);
      components.put(n.component(), a.appraisal());
      bodies.put(n.component(), a.body());
    }
    CheckResult structure = ReportStructure.check(report, bodies);
    String decoded =
        report.shape().label()
            + (report.compressed() ? " (gzip)" : "")
            + ", components "
            + components.keySet();
    if (report.nodes().isEmpty()) {
      // Nothing attested: the structure check says what is missing; there is no primary evidence.
      return new Appraisal(
          Evidence.empty(ID, subject),
          List.of(
              CheckResult.pass(NearChecks.REPORT_PARSE, CheckCategory.PARSE, decoded), structure),
          components);
    }
    String primary =
        components.containsKey("model0") ? "model0" : report.nodes().get(0).component();
    CheckResult parse =
        CheckResult.pass(
            NearChecks.REPORT_PARSE, CheckCategory.PARSE, decoded + ", primary " + primary);
    return new Appraisal(
        primaryEvidence(components.get(primary), report), List.of(parse, structure), components);
  }

  /** The primary node's evidence, plus the report-level members nothing binds, labelled as such. */
  private static Evidence primaryEvidence(Appraisal primary, NearReport report) {
    Evidence e = primary.evidence();
    Map<String, Binding> bound = new LinkedHashMap<>(e.bound());
    report.unboundParts().forEach(p -> bound.put("report." + p, Binding.SELF_REPORTED));
    return e.toBuilder().bound(bound).build();
  }
}
