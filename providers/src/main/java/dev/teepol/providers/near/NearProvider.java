package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.nras.JwksSource;
import dev.teepol.providers.nras.NrasAttestationSource;
import dev.teepol.providers.tdx.TdxProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NEAR AI private-inference attestation reports, plain or gzip-compressed. Every attested node is
 * a component appraisal ({@code gateway}, {@code model0}, ...); the report's own appraisal carries
 * the parse check and, as its evidence, that of the primary node: the first model node, or the
 * gateway when the report has no model node. The report is genuine only if every node is and it
 * has every part its shape requires ({@link ReportStructure}). See docs/providers/near.md.
 */
public final class NearProvider implements EvidenceProvider {
  public static final String ID = "near";

  private final NodeAppraiser nodes;

  /** Offline defaults: JWKS and recorded NRAS responses come from the appraisal's collateral source. */
  public NearProvider() {
    this(new TdxProvider(), JwksSource.fromCollateral(), NrasAttestationSource.fromCollateral());
  }

  /** Shares the TDX provider's caches; the JWKS and the NRAS verdicts come from the given sources. */
  public NearProvider(TdxProvider tdx, JwksSource jwks, NrasAttestationSource nras) {
    this.nodes = new NodeAppraiser(new DstackAppraiser(tdx), jwks, nras);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source) {
    byte[] b = source.content();
    if (b.length > Limits.DEFAULT.maxEvidenceBytes()) {
      return false;
    }
    try {
      byte[] json = BoundedGzip.isGzip(b) ? BoundedGzip.inflate(b, source.name(), Limits.DEFAULT.maxDecompressedBytes()) : b;
      return BoundedJson.startsWith(json, '{')
          && NearReportParser.looksLikeReport(BoundedJson.sniff(json, source.name(), Limits.DEFAULT));
    } catch (ParseException e) {
      return false;
    }
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext ctx) {
    NearReport report;
    try {
      report = NearReportParser.parse(source.content(), ctx.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(ID, source.name(), NearChecks.REPORT_PARSE, e.getMessage());
    }
    Map<String, Appraisal> components = new LinkedHashMap<>();
    for (NodeInput n : report.nodes()) {
      components.put(n.component(), nodes.appraise(n, ctx));
    }
    CheckResult structure = ReportStructure.check(report, components);
    String decoded = report.shape().label() + (report.compressed() ? " (gzip)" : "") + ", components " + components.keySet();
    if (report.nodes().isEmpty()) {
      // Nothing attested: the structure check says what is missing; there is no primary evidence.
      return new Appraisal(Evidence.empty(ID, source.name()), List.of(
          CheckResult.pass(NearChecks.REPORT_PARSE, CheckCategory.PARSE, decoded), structure), components);
    }
    String primary = components.containsKey("model0") ? "model0" : report.nodes().get(0).component();
    CheckResult parse = CheckResult.pass(NearChecks.REPORT_PARSE, CheckCategory.PARSE, decoded + ", primary " + primary);
    return new Appraisal(primaryEvidence(components.get(primary), report), List.of(parse, structure), components);
  }

  /** The primary node's evidence, plus the report-level members nothing binds, labelled as such. */
  private static Evidence primaryEvidence(Appraisal primary, NearReport report) {
    Evidence e = primary.evidence();
    Map<String, Binding> bound = new LinkedHashMap<>(e.bound());
    report.unboundParts().forEach(p -> bound.put("report." + p, Binding.SELF_REPORTED));
    return e.toBuilder().bound(bound).build();
  }
}
