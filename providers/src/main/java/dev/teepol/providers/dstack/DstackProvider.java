package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.JsonEvidenceProvider;
import dev.teepol.providers.json.JsonPrefix;
import dev.teepol.providers.tdx.TdxProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * dstack TDX attestations (Phala / Dstack-TEE): quote + event log + app identity documents. See
 * {@link DstackAppraiser} for what is verified and docs/providers/dstack.md for the check ids.
 */
public final class DstackProvider extends JsonEvidenceProvider<DstackDocument> {
  public static final String ID = "dstack";

  private final DstackAppraiser appraiser;

  /** Verifies quotes with {@code tdx}, the set's own TDX provider, so its caches are shared. */
  DstackProvider(TdxProvider tdx) {
    super(ID, DstackChecks.INPUT_PARSE);
    this.appraiser = new DstackAppraiser(tdx);
  }

  /**
   * The TDX provider this one verifies quotes with (the set's own; asserted by the loading tests).
   */
  TdxProvider tdx() {
    return appraiser.tdx();
  }

  /**
   * A JSON object with a quote and an event log among its first members, and none of a NEAR
   * report's: a NEAR report also carries a quote and a log, and belongs to the near provider.
   */
  @Override
  protected boolean sniff(byte[] content, Limits limits) {
    JsonPrefix p = JsonPrefix.scan(content, limits);
    boolean quote =
        p.member("quote")
            .or(() -> p.member("intel_quote"))
            .equals(java.util.Optional.of(JsonPrefix.Kind.STRING));
    return p.isObject()
        && quote
        && p.has("event_log")
        && DstackDocumentParser.FOREIGN_KEYS.stream().noneMatch(p::has);
  }

  /** Every member, the quote field by field and each event of the log; nothing verified. */
  @Override
  public Decoded inspect(EvidenceSource source, AppraisalContext offline) {
    return DstackInspection.decode(source.content(), offline.limits());
  }

  @Override
  protected DstackDocument parse(byte[] content, Limits limits) throws ParseException {
    return DstackDocumentParser.parse(content, limits);
  }

  @Override
  protected Appraisal appraise(String subject, DstackDocument doc, AppraisalContext ctx) {
    Appraisal a = appraiser.appraise(subject, ID, doc, ctx).appraisal();
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(
            DstackChecks.INPUT_PARSE, CheckCategory.PARSE, "dstack attestation document"));
    checks.addAll(a.checks());
    // The replay and bindings are pure functions of the document; only the quote's checks age.
    return new Appraisal(a.evidence(), checks).withValidUntilOf(a);
  }
}
