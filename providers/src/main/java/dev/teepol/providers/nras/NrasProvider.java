package dev.teepol.providers.nras;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.JsonEvidenceProvider;
import dev.teepol.providers.json.JsonPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * NVIDIA Remote Attestation Service responses (detached EAT). The JWKS comes from the appraisal's
 * collateral source ({@link NrasCollateral#JWKS}): a capture directory, or NVIDIA live through
 * {@link NrasHttpCollateralSource}.
 */
public final class NrasProvider extends JsonEvidenceProvider<NrasResponse> {
  public static final String ID = "nras";

  NrasProvider() {
    super(ID, NrasChecks.PARSE);
  }

  /**
   * {@code [["JWT", ...} at the start: the shape of an NRAS response and of nothing else teepol
   * reads.
   */
  @Override
  protected boolean sniff(byte[] content, Limits limits) {
    return JsonPrefix.startsWithTokens(content, "[", "[", "\"JWT\"");
  }

  /** Each token's header and claims, decoded without checking a signature. */
  @Override
  public Decoded inspect(EvidenceSource source, AppraisalContext offline) {
    return NrasInspection.decode(source.content(), offline.limits());
  }

  @Override
  protected NrasResponse parse(byte[] content, Limits limits) throws ParseException {
    return NrasResponseParser.parse(content, limits);
  }

  @Override
  protected Appraisal appraise(String subject, NrasResponse r, AppraisalContext ctx) {
    NrasAppraiser.Result res = NrasAppraiser.appraise(r, ctx, "");
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(
            NrasChecks.PARSE, CheckCategory.PARSE, r.detached().size() + " device token(s)"));
    checks.addAll(res.checks());
    Evidence ev =
        Evidence.builder(ID, subject)
            .gpus(res.gpus())
            .nonce(res.nonce())
            .bound(res.bound())
            .build();
    return new Appraisal(ev, checks);
  }
}
