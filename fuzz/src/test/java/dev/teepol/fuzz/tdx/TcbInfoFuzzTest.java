package dev.teepol.fuzz.tdx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.fuzz.SimTdx;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tdx.collateral.CollateralParser;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import java.nio.charset.StandardCharsets;

/** Intel PCS TCB info JSON (SGX and TDX, v2/v3), with the simulator's valid issuer chain. */
class TcbInfoFuzzTest {
  static final String CHAIN =
      new String(
          SimTdx.SIM.collateralFiles().get(CollateralLayout.TCB_INFO_CHAIN),
          StandardCharsets.US_ASCII);

  @FuzzTest
  void parse(byte[] json) {
    Typed.parse(
        json.length,
        () -> CollateralParser.tcbInfo(new CollateralDocument(json, CHAIN, "fuzz"), 4),
        ParseException.class);
  }
}
