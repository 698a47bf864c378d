package dev.teepol.fuzz.tdx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.SimTdx;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.abi.QuoteParser;
import java.util.Arrays;

/**
 * The whole TDX verifier on a quote: parse, both signatures, the PCK chain and its SGX extension,
 * CRLs, TCB info and QE identity matching, against the simulator's collateral. No input other than
 * the genuine quote may pass every check.
 */
class TdxAppraiseFuzzTest {
  private static final TdxProvider PROVIDER = new TdxProvider();

  @FuzzTest
  void appraise(byte[] quote) {
    var checks =
        Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", quote), SimTdx.CONTEXT));
    if (checks.stream().allMatch(c -> c.passed())
        && (quote.length < SIGNED
            || !Arrays.equals(quote, 0, SIGNED, SimTdx.SIM.quote(), 0, SIGNED))) {
      throw new AssertionError("a quote with changed signed bytes passed every check");
    }
  }

  /**
   * Everything before the PEM chain: header, body, signatures, attestation key, QE report and its
   * authentication data, each covered by a signature or a hash binding. The PEM text after it may
   * legitimately vary (line breaks, trailing data) while the certificates stay the same.
   */
  private static final int SIGNED = signedPrefix();

  private static int signedPrefix() {
    try {
      return QuoteParser.parse(SimTdx.SIM.quote(), Limits.DEFAULT.maxQuoteBytes())
          .qe()
          .orElseThrow()
          .certDataOffset();
    } catch (ParseException e) {
      throw new IllegalStateException("the simulator's quote does not parse", e);
    }
  }
}
