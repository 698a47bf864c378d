package dev.teepol.providers.tdx;

import static dev.teepol.providers.tdx.SimAppraisal.appraise;
import static dev.teepol.providers.tdx.SimAppraisal.describe;
import static dev.teepol.providers.tdx.SimAppraisal.failed;
import static dev.teepol.providers.tdx.SimAppraisal.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Audit item 8: signed collateral JSON is read once and strictly. A document two readers could read
 * differently (duplicate keys, extra top-level values) is refused with a parse reason, never read
 * as "the last value wins" and never a crash.
 */
class StrictCollateralJsonTest {
  private static final SimulatedDcap VALID = DcapSimulator.builder().build().generate();

  @TempDir Path tmp;

  /**
   * The signed object, then a second top-level "tcbInfo": today a ClassCastException escaped the
   * provider.
   */
  @Test
  void aSecondTopLevelTcbInfoAfterTheSignedObjectFailsTheSignatureCheckWithAParseReason()
      throws IOException {
    Appraisal a = appraise(VALID, tmp, f -> f.substring(0, f.length() - 1) + ",\"tcbInfo\":\"x\"}");
    assertThat(failed(a, TdxChecks.TCB_INFO_SIGNATURE)).as(describe(a)).isTrue();
    assertThat(reason(a, TdxChecks.TCB_INFO_SIGNATURE)).contains("tcbInfo", "duplicate key");
    assertThat(a.evidence().platform().tcb().status()).isEmpty();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  /**
   * Validly signed (by the test TCB signing key) OutOfDate level that also says UpToDate: last-wins
   * read UpToDate.
   */
  @Test
  void aDuplicateKeyInsideASignedLevelIsRefusedNotReadAsTheLastValue() throws IOException {
    SimulatedDcap sim =
        DcapSimulator.builder()
            .tcbStatus("OutOfDate")
            .editTcbInfoBody(
                body ->
                    body.replace(
                        "\"tcbStatus\":\"OutOfDate\"",
                        "\"tcbStatus\":\"OutOfDate\",\"tcbStatus\":\"UpToDate\""))
            .build()
            .generate();
    Appraisal a = appraise(sim, tmp);
    assertThat(a.evidence().platform().tcb().status()).as(describe(a)).isNotEqualTo("UpToDate");
    assertThat(failed(a, TdxChecks.TCB_INFO_SIGNATURE)).as(describe(a)).isTrue();
    assertThat(reason(a, TdxChecks.TCB_INFO_SIGNATURE)).contains("duplicate key", "tcbStatus");
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "a top-level key besides tcbInfo and signature",
            (UnaryOperator<String>) f -> "{\"extra\":1," + f.substring(1),
            "extra"),
        Arguments.of(
            "a second signature",
            (UnaryOperator<String>) f -> f.substring(0, f.length() - 1) + ",\"signature\":\"00\"}",
            "duplicate key"),
        Arguments.of(
            "text after the document", (UnaryOperator<String>) f -> f + " {}", "malformed JSON"),
        Arguments.of(
            "tcbInfo that is not an object",
            (UnaryOperator<String>)
                f -> "{\"tcbInfo\":[]," + f.substring(f.indexOf("\"signature\"")),
            "tcbInfo"),
        Arguments.of(
            "a signature that is not a string",
            (UnaryOperator<String>)
                f -> f.substring(0, f.indexOf("\"signature\"")) + "\"signature\":7}",
            "signature"),
        Arguments.of(
            "a truncated document",
            (UnaryOperator<String>) f -> f.substring(0, f.length() / 2),
            "malformed JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedTcbInfoFailsItsSignatureCheckWithAParseReason(
      String what, UnaryOperator<String> edit, String reasonPart) throws IOException {
    Appraisal a = appraise(VALID, tmp, edit);
    assertThat(failed(a, TdxChecks.TCB_INFO_SIGNATURE)).as(describe(a)).isTrue();
    assertThat(reason(a, TdxChecks.TCB_INFO_SIGNATURE)).contains(reasonPart);
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  /** The strict reader still reads what Intel's PCS and the simulator write. */
  @Test
  void wellFormedCollateralStillVerifies() throws IOException {
    Appraisal a = appraise(VALID, tmp);
    assertThat(a.checks()).as(describe(a)).allMatch(c -> c.passed());
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.ALLOW);
  }
}
