package dev.teepol.providers.tdx;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.ReportDataConventions;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.verify.DcapVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel DCAP quotes: SGX v3, TDX v4 and v5 (TD 1.0 and 1.5 bodies). One instance keeps the caches
 * of verified PCK chains and collateral; a {@link dev.teepol.core.spi.Providers} set has one, which
 * the dstack and NEAR providers of the set require and verify their quotes with ({@link #verify}).
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

  /** The fixed header: version 3..5, ECDSA-P256 attestation key, SGX or TDX TEE type. */
  @Override
  public boolean recognizes(EvidenceSource source, Limits limits) {
    byte[] b = source.content();
    if (b.length < Quote.HEADER_LENGTH) {
      return false;
    }
    int version = ByteReader.u16le(b, 0);
    int keyType = ByteReader.u16le(b, 2);
    long tee = ByteReader.u32le(b, 4);
    return version >= 3
        && version <= 5
        && keyType == 2
        && (tee == Quote.TEE_TYPE_SGX || tee == Quote.TEE_TYPE_TDX);
  }

  /**
   * Verifies a quote (signatures, PCK chain, collateral, TCB) and publishes the typed result. No
   * nonce check runs here, whatever the context holds: where a nonce sits in report_data is the
   * convention of the format that carries the quote.
   *
   * @param subject what the quote attests, for its normalized evidence
   */
  public VerifiedQuote verify(String subject, byte[] quote, AppraisalContext ctx) {
    DcapVerifier.Result r = verifier.verify(quote, ctx);
    Appraisal appraisal =
        new Appraisal(TdxEvidence.of(subject, r), r.checks()).withValidUntil(r.validUntil());
    return new VerifiedQuote(r.quote(), r.signed(), r.chained(), r.tcb(), appraisal);
  }

  /** Every field of the quote, decoded and not verified (see {@link TdxInspection}). */
  @Override
  public Decoded inspect(EvidenceSource source, AppraisalContext offline) {
    return TdxInspection.decode(source.content(), offline.limits());
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    VerifiedQuote v = verify(source.name(), source.content(), context);
    if (context.expectedNonce().isEmpty()) {
      return v.appraisal();
    }
    // NonceInfo's one rule: a nonce check only when a nonce was supplied; a supplied nonce the
    // quote
    // was not shown to carry (it did not decode) is "differs", never "not supplied".
    byte[] expected = context.expectedNonce().get();
    List<CheckResult> checks = new ArrayList<>(v.checks());
    NonceInfo nonce;
    if (v.body().isEmpty()) {
      nonce = NonceInfo.supplied(expected, false);
      checks.add(
          CheckResult.unevaluable(NONCE_CHECK, CheckCategory.BINDING, "the quote did not decode"));
    } else {
      byte[] reportData = v.body().get().reportData();
      Optional<byte[]> raw = ReportDataConventions.raw(expected);
      boolean ok = raw.isPresent() && Digests.constantTimeEquals(raw.get(), reportData);
      nonce = NonceInfo.supplied(expected, ok);
      checks.add(
          CheckResult.of(
              NONCE_CHECK,
              CheckCategory.BINDING,
              ok,
              "report_data carries the nonce",
              "report_data "
                  + Hex.abbreviate(Hex.of(reportData))
                  + " is not the nonce "
                  + Hex.abbreviate(Hex.of(expected))
                  + " zero-padded to 64 bytes"));
    }
    return new Appraisal(v.appraisal().evidence().toBuilder().nonce(nonce).build(), checks)
        .withValidUntilOf(v.appraisal());
  }
}
