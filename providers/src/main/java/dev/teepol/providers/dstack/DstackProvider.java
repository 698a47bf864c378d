package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.tdx.TdxProvider;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * dstack TDX attestations (Phala / Dstack-TEE): quote + event log + app identity documents. See
 * {@link DstackAppraiser} for what is verified and docs/providers/dstack.md for the check ids.
 */
public final class DstackProvider implements EvidenceProvider {
  public static final String ID = "dstack";

  private final DstackAppraiser appraiser;

  public DstackProvider() {
    this(new TdxProvider());
  }

  /** Shares the TDX provider (and so its verified-collateral caches) with the caller. */
  public DstackProvider(TdxProvider tdx) {
    this.appraiser = new DstackAppraiser(tdx);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source) {
    byte[] b = source.content();
    if (!BoundedJson.startsWith(b, '{') || b.length > Limits.DEFAULT.maxEvidenceBytes()) {
      return false;
    }
    try {
      return BoundedJson.sniff(b, source.name(), Limits.DEFAULT) instanceof JsonObject o
          && DstackDocumentParser.looksLikeDstack(o);
    } catch (ParseException e) {
      return false;
    }
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    DstackDocument doc;
    try {
      doc = DstackDocumentParser.parse(source.content(), context.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(ID, source.name(), DstackChecks.INPUT_PARSE, e.getMessage());
    }
    Appraisal a = appraiser.appraise(source.name(), ID, doc, context);
    List<CheckResult> checks = new java.util.ArrayList<>();
    checks.add(CheckResult.pass(DstackChecks.INPUT_PARSE, CheckCategory.PARSE, "dstack attestation document"));
    checks.addAll(a.checks());
    return new Appraisal(a.evidence(), checks);
  }
}
