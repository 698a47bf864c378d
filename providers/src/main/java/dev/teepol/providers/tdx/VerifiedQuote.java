package dev.teepol.providers.tdx;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.ReportBody;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tdx.tcb.TcbJudgement;
import java.util.List;
import java.util.Optional;

/**
 * What the TDX provider publishes about one quote for the providers built on it (dstack, NEAR): the
 * typed quote and what was proven about it, decided once by the DCAP verifier, so that no consumer
 * looks up check ids or decodes the hex of the normalized evidence. Like the verify result of
 * dcap-qvl, it carries the typed report next to the verdicts on it.
 *
 * @param quote the decoded quote; empty when it did not decode (the parse check says why)
 * @param signed the attestation key signed the quote, the PCK signed the QE report and the QE
 *     report binds the attestation key
 * @param chained the PCK certificate chain validates to the Intel anchor at the appraisal time
 * @param tcb the platform's TCB status and advisories, when authentic collateral judged one
 * @param appraisal the quote's normalized evidence and every check the DCAP provider ran on it (no
 *     nonce check: each consumer applies its own report_data convention)
 */
public record VerifiedQuote(
    Optional<Quote> quote,
    boolean signed,
    boolean chained,
    Optional<TcbJudgement> tcb,
    Appraisal appraisal) {

  /** Signed and chained: the quote's registers and report_data are the hardware's word. */
  public boolean authentic() {
    return signed && chained;
  }

  /** The TD report, when the quote decoded and is a TDX quote. */
  public Optional<TdReport> tdReport() {
    return quote.flatMap(Quote::tdReport);
  }

  /** The report body (TD or enclave report), when the quote decoded. */
  public Optional<ReportBody> body() {
    return quote.map(Quote::body);
  }

  public List<CheckResult> checks() {
    return appraisal.checks();
  }
}
