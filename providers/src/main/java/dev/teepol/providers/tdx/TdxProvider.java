package dev.teepol.providers.tdx;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.ReportDataConventions;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.verify.DcapVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel DCAP quotes: SGX v3, TDX v4 and v5 (TD 1.0 and 1.5 bodies). One instance keeps the caches
 * of verified PCK chains and collateral, so reuse it across quotes.
 */
public final class TdxProvider implements EvidenceProvider {
  public static final String ID = "tdx";
  /** report_data equals the caller's nonce, zero-padded to 64 bytes. BINDING. */
  public static final String NONCE_CHECK = "tdx.report_data.nonce";

  private final DcapVerifier verifier = new DcapVerifier();

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
    long tee = (b[4] & 0xff) | (b[5] & 0xff) << 8 | (b[6] & 0xff) << 16 | (long) (b[7] & 0xff) << 24;
    return version >= 3 && version <= 5 && keyType == 2 && (tee == 0 || tee == 0x81);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    DcapVerifier.Result r = verifier.verify(source.content(), context);
    List<CheckResult> checks = new ArrayList<>(r.checks());
    // NonceInfo's one rule: a nonce check only when a nonce was supplied; a supplied nonce the quote
    // was not shown to carry (it did not decode) is "differs", never "not supplied".
    NonceInfo nonce = NonceInfo.NONE;
    if (context.expectedNonce().isPresent() && r.quote().isEmpty()) {
      nonce = NonceInfo.supplied(context.expectedNonce().get(), false);
      checks.add(CheckResult.unevaluable(NONCE_CHECK, CheckCategory.BINDING, "the quote did not decode"));
    } else if (context.expectedNonce().isPresent()) {
      byte[] expected = context.expectedNonce().get();
      byte[] reportData = Hex.decode(TdxEvidence.reportData(r.quote().get()));
      Optional<byte[]> raw = ReportDataConventions.raw(expected);
      boolean ok = raw.isPresent() && Digests.constantTimeEquals(raw.get(), reportData);
      nonce = NonceInfo.supplied(expected, ok);
      checks.add(CheckResult.of(NONCE_CHECK, CheckCategory.BINDING, ok, "report_data carries the nonce",
          "report_data " + Hex.abbreviate(Hex.of(reportData)) + " is not the nonce " + Hex.abbreviate(Hex.of(expected)) + " zero-padded to 64 bytes"));
    }
    return new Appraisal(TdxEvidence.of(source.name(), r, nonce), checks);
  }
}
