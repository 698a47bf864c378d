package dev.teepol.providers.tdx.tcb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.providers.tdx.collateral.IsvLevel;
import dev.teepol.providers.tdx.collateral.TcbInfo;
import dev.teepol.providers.tdx.collateral.TcbLevel;
import dev.teepol.providers.tdx.collateral.TdxModuleIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Intel's TCB logic on its own: level selection, masked comparison and the merge of component
 * statuses. The simulator's evidence only reaches a few of these branches; a branch no test takes
 * is a TCB rule that could be dropped unnoticed (PIT found several).
 */
class TcbLogicTest {
  private static final Instant DATE = Instant.parse("2024-11-13T00:00:00Z");

  private static List<Integer> svns(int first, int rest, int n) {
    List<Integer> l = new ArrayList<>(Collections.nCopies(n, rest));
    l.set(0, first);
    return l;
  }

  private static List<Integer> tdx(int b0, int b1, int b2) {
    List<Integer> l = new ArrayList<>(Collections.nCopies(16, 0));
    l.set(0, b0);
    l.set(1, b1);
    l.set(2, b2);
    return l;
  }

  private static TcbLevel level(int sgx, int pce, List<Integer> tdx, String status) {
    return new TcbLevel(svns(sgx, 1, 16), pce, tdx, DATE, status, List.of());
  }

  private static TcbInfo info(List<TdxModuleIdentity> identities, TcbLevel... levels) {
    return new TcbInfo(
        "TDX",
        3,
        DATE,
        DATE,
        "10a06f010000",
        "0000",
        17,
        Optional.empty(),
        identities,
        List.of(levels));
  }

  private static byte[] tee(int b0, int b1, int b2) {
    byte[] b = new byte[16];
    b[0] = (byte) b0;
    b[1] = (byte) b1;
    b[2] = (byte) b2;
    return b;
  }

  private static final TdxModuleIdentity TDX_01 =
      new TdxModuleIdentity(
          "TDX_01",
          "00",
          "00",
          "ff",
          List.of(
              new IsvLevel(6, DATE, "UpToDate", List.of()),
              new IsvLevel(4, DATE, "OutOfDate", List.of())));

  @Test
  void theFirstLevelEveryComponentReachesApplies() {
    TcbLevel high = level(4, 13, tdx(6, 1, 3), "UpToDate");
    TcbLevel low = level(2, 11, tdx(4, 1, 2), "OutOfDate");
    TcbInfo sgx = info(List.of(), high, low);
    assertThat(TcbEvaluator.platformLevel(sgx, svns(4, 1, 16), 13, Optional.empty()))
        .contains(high);
    assertThat(TcbEvaluator.platformLevel(sgx, svns(3, 1, 16), 13, Optional.empty())).contains(low);
    assertThat(TcbEvaluator.platformLevel(sgx, svns(4, 1, 16), 12, Optional.empty())).contains(low);
    assertThat(TcbEvaluator.platformLevel(sgx, svns(1, 1, 16), 13, Optional.empty())).isEmpty();
    // A different number of components is no level at all.
    assertThat(TcbEvaluator.platformLevel(sgx, svns(4, 1, 15), 13, Optional.empty())).isEmpty();
  }

  @Test
  void teeTcbSvnIsComparedForTdxAndItsModuleBytesOnlyWithoutModuleIdentities() {
    TcbLevel high = level(4, 13, tdx(6, 1, 3), "UpToDate");
    TcbLevel low = level(4, 13, tdx(4, 1, 2), "OutOfDate");
    // Late microcode SVN (byte 2) below the high level: the low level applies, identities or not.
    for (TcbInfo i : List.of(info(List.of(), high, low), info(List.of(TDX_01), high, low))) {
      assertThat(TcbEvaluator.platformLevel(i, svns(4, 1, 16), 13, Optional.of(tee(6, 1, 2))))
          .contains(low);
      assertThat(TcbEvaluator.platformLevel(i, svns(4, 1, 16), 13, Optional.of(tee(6, 1, 3))))
          .contains(high);
    }
    // Module SVN (byte 0) below the level: without identities it counts, with them it does not.
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(), high, low), svns(4, 1, 16), 13, Optional.of(tee(5, 1, 3))))
        .contains(low);
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(TDX_01), high, low), svns(4, 1, 16), 13, Optional.of(tee(5, 1, 3))))
        .contains(high);
    // Major version 0: the identities do not apply, so byte 0 counts again.
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(TDX_01), level(4, 13, tdx(6, 0, 3), "UpToDate")),
                svns(4, 1, 16),
                13,
                Optional.of(tee(5, 0, 3))))
        .isEmpty();
    // A byte above 127 is an SVN of 128+, not a negative number.
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(), level(4, 13, tdx(200, 1, 3), "UpToDate")),
                svns(4, 1, 16),
                13,
                Optional.of(tee(0x90, 1, 3))))
        .isEmpty();
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(), level(4, 13, tdx(0x90, 1, 3), "UpToDate")),
                svns(4, 1, 16),
                13,
                Optional.of(tee(0x90, 1, 3))))
        .isPresent();
    // An SGX quote has no TEE TCB SVN: TDX components are not looked at.
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(), level(4, 13, List.of(), "UpToDate")),
                svns(4, 1, 16),
                13,
                Optional.empty()))
        .isPresent();
    // A TDX level without 16 TDX components does not apply to a TD.
    assertThat(
            TcbEvaluator.platformLevel(
                info(List.of(), level(4, 13, List.of(), "UpToDate")),
                svns(4, 1, 16),
                13,
                Optional.of(tee(6, 1, 3))))
        .isEmpty();
  }

  @Test
  void isvLevelIsTheFirstLevelAtOrBelowTheSvn() {
    List<IsvLevel> levels = TDX_01.levels();
    assertThat(TcbEvaluator.isvLevel(levels, 7)).contains(levels.get(0));
    assertThat(TcbEvaluator.isvLevel(levels, 6)).contains(levels.get(0));
    assertThat(TcbEvaluator.isvLevel(levels, 5)).contains(levels.get(1));
    assertThat(TcbEvaluator.isvLevel(levels, 3)).isEmpty();
  }

  @Test
  void theModuleIdentityIsChosenByMajorVersion() {
    TdxModuleIdentity tdx03 = new TdxModuleIdentity("TDX_03", "00", "00", "ff", List.of());
    TcbInfo i = info(List.of(TDX_01, tdx03));
    assertThat(TcbEvaluator.moduleIdentity(i, tee(6, 3, 0))).contains(tdx03);
    assertThat(TcbEvaluator.moduleIdentity(i, tee(6, 1, 0))).contains(TDX_01);
    assertThat(TcbEvaluator.moduleIdentity(i, tee(6, 2, 0))).isEmpty();
  }

  @Test
  void maskedEqualsComparesOnlyMaskedBitsOfEveryByte() {
    assertThat(TcbEvaluator.maskedEquals("1100", "1100", "ffff")).isTrue();
    assertThat(TcbEvaluator.maskedEquals("1101", "1100", "fffe")).isTrue();
    assertThat(TcbEvaluator.maskedEquals("1101", "1100", "ffff")).isFalse();
    assertThat(TcbEvaluator.maskedEquals("1000", "1100", "ffff")).isFalse();
    assertThat(TcbEvaluator.maskedEquals("2100", "1100", "ffff")).isFalse();
    assertThat(TcbEvaluator.maskedEquals("1100", "1100", "ff")).isFalse();
    assertThat(TcbEvaluator.maskedEquals("11", "1100", "ffff")).isFalse();
  }

  @Test
  void statusesMergeAsTheUnionOfTheirConditions() {
    for (TcbStatus s : TcbStatus.values()) {
      assertThat(s.merge(TcbStatus.UP_TO_DATE)).isEqualTo(s);
      assertThat(TcbStatus.UP_TO_DATE.merge(s)).isEqualTo(s);
      assertThat(s.merge(s)).isEqualTo(s);
      assertThat(s.merge(TcbStatus.REVOKED)).isEqualTo(TcbStatus.REVOKED);
      assertThat(TcbStatus.REVOKED.merge(s)).isEqualTo(TcbStatus.REVOKED);
      for (TcbStatus t : TcbStatus.values()) {
        assertThat(s.merge(t)).as(s + " + " + t).isEqualTo(t.merge(s));
      }
      assertThat(TcbStatus.parse(s.label)).contains(s);
    }
    assertThat(TcbStatus.OUT_OF_DATE.merge(TcbStatus.CONFIGURATION_NEEDED))
        .isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    assertThat(TcbStatus.OUT_OF_DATE.merge(TcbStatus.SW_HARDENING_NEEDED))
        .isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(TcbStatus.OUT_OF_DATE.merge(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED))
        .isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    assertThat(TcbStatus.CONFIGURATION_NEEDED.merge(TcbStatus.SW_HARDENING_NEEDED))
        .isEqualTo(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
    assertThat(TcbStatus.SW_HARDENING_NEEDED.merge(TcbStatus.SW_HARDENING_NEEDED))
        .isEqualTo(TcbStatus.SW_HARDENING_NEEDED);
    assertThat(TcbStatus.parse("upToDate")).isEmpty();
    assertThat(TcbStatus.parse("")).isEmpty();
  }
}
