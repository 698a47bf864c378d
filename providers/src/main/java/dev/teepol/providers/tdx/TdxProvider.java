package dev.teepol.providers.tdx;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import java.util.List;

/** Intel DCAP quotes: SGX v3, TDX v4 and v5. WORK IN PROGRESS: verification is being written. */
public final class TdxProvider implements EvidenceProvider {
  public static final String ID = "tdx";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source) {
    byte[] b = source.content();
    if (b.length < 48) {
      return false;
    }
    int version = (b[0] & 0xff) | (b[1] & 0xff) << 8;
    int keyType = (b[2] & 0xff) | (b[3] & 0xff) << 8;
    return version >= 3 && version <= 5 && keyType == 2;
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    return new Appraisal(Evidence.empty(ID, source.name()),
        List.of(CheckResult.unevaluable(TdxChecks.PARSE, CheckCategory.PARSE, "not implemented yet")));
  }
}
