package dev.teepol.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.dstack.DstackChecks;
import dev.teepol.providers.dstack.DstackProvider;
import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.dstack.sim.SimEvent;
import dev.teepol.providers.near.NearChecks;
import dev.teepol.providers.near.NearProvider;
import dev.teepol.providers.near.SimNear;
import dev.teepol.providers.nras.NrasChecks;
import dev.teepol.providers.nras.NrasProvider;
import dev.teepol.providers.nras.SimNras;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Audit item 13: one freshness rule for every provider. Without a supplied nonce no provider check
 * fails or is left unevaluable for it and the nonce state is {@code not supplied}; a supplied nonce
 * the evidence carries is {@code matches}; any other supplied nonce FAILs the provider's nonce
 * check and is {@code differs}. Requiring freshness is a policy's business
 * (spec.freshness.requireNonce).
 */
class FreshnessTest {
  static final Instant AT = DcapSimulator.VERIFY_AT;

  /** The nonce every simulated piece of evidence carries (NEAR's, so all four agree). */
  static final byte[] NONCE = SimNear.NONCE;

  static final byte[] OTHER = SimNear.fill(32, 0x01);

  @TempDir Path tmp;

  /**
   * The providers as loaded for use: dstack and NEAR verify their quotes with the set's TDX
   * provider.
   */
  private final Providers providers = Providers.load();

  enum Kind {
    TDX(TdxProvider.NONCE_CHECK),
    DSTACK(DstackChecks.REPORT_DATA_NONCE),
    NRAS(NrasChecks.OVERALL_NONCE),
    NEAR(NearChecks.REPORT_DATA_NONCE);

    final String nonceCheck;

    Kind(String nonceCheck) {
      this.nonceCheck = nonceCheck;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void withoutANonceNothingFailsForItAndTheStateIsNotSupplied(Kind kind) throws IOException {
    Appraisal a = appraise(kind, Optional.empty());
    assertThat(all(a))
        .as(describe(a))
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + " " + c.explanation()).isTrue());
    assertThat(all(a)).extracting(CheckResult::id).noneMatch(id -> id.equals(kind.nonceCheck));
    assertThat(evidenceOf(a))
        .allSatisfy(
            e -> assertThat(e.evidence().nonce().state()).isEqualTo(NonceState.NOT_SUPPLIED));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCarriedNonceMatches(Kind kind) throws IOException {
    Appraisal a = appraise(kind, Optional.of(NONCE));
    assertThat(all(a))
        .as(describe(a))
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + " " + c.explanation()).isTrue());
    assertThat(all(a)).extracting(CheckResult::id).contains(kind.nonceCheck);
    assertThat(evidenceOf(a))
        .allSatisfy(e -> assertThat(e.evidence().nonce().state()).isEqualTo(NonceState.MATCHES));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anotherNonceFailsTheProvidersNonceCheckAndDiffers(Kind kind) throws IOException {
    Appraisal a = appraise(kind, Optional.of(OTHER));
    assertThat(all(a))
        .filteredOn(c -> c.id().equals(kind.nonceCheck))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.outcome()).isInstanceOf(Outcome.Fail.class));
    assertThat(evidenceOf(a))
        .allSatisfy(e -> assertThat(e.evidence().nonce().state()).isEqualTo(NonceState.DIFFERS));
  }

  // --- the four providers on simulated evidence that carries NONCE ---

  private Appraisal appraise(Kind kind, Optional<byte[]> nonce) throws IOException {
    return switch (kind) {
      case TDX -> {
        SimulatedDcap q =
            DcapSimulator.builder().reportData(Arrays.copyOf(NONCE, 64)).build().generate();
        yield run(providers.byType(TdxProvider.class).orElseThrow(), q.quote(), q, nonce);
      }
      case DSTACK -> {
        List<SimEvent> log = SimDstack.validLog();
        SimulatedDcap q =
            SimDstack.quoteFor(log).reportData(Arrays.copyOf(NONCE, 64)).build().generate();
        yield run(
            providers.byType(DstackProvider.class).orElseThrow(),
            SimDstack.document(q, log, SimDstack.appComposeMember(SimDstack.APP_COMPOSE)),
            q,
            nonce);
      }
      case NRAS ->
          run(providers.byType(NrasProvider.class).orElseThrow(), nrasResponse(), null, nonce);
      case NEAR -> {
        SimNear.Node gw = SimNear.ed25519Node(SimNear.fill(32, 0x11));
        SimNear.Node model =
            SimNear.ed25519Node(SimNear.fill(32, 0x22)).withPayload(SimNear.payload(hex(NONCE), 1));
        SimulatedDcap gq = gw.quote();
        SimulatedDcap mq = model.quote();
        String report = SimNear.gatewayReport(gw.json(gq, null), model.json(mq, "sim/model"));
        yield run(
            providers.byType(NearProvider.class).orElseThrow(),
            report.getBytes(StandardCharsets.UTF_8),
            mq,
            nonce);
      }
    };
  }

  private static byte[] nrasResponse() {
    return SimNras.response(AT.minusSeconds(60), hex(NONCE), 1);
  }

  private Appraisal run(
      EvidenceProvider p, byte[] evidence, SimulatedDcap dcap, Optional<byte[]> nonce)
      throws IOException {
    // The test NRAS intermediate is pinned, so the simulated JWKS keys are certified; the JWKS and
    // the recorded NRAS verdict are served as collateral, after the DCAP collateral when there is
    // one.
    TrustAnchors anchors = SimNras.anchors();
    CollateralSource collateral = SimNras.serving(SimNras.jwks(), nrasResponse());
    if (dcap != null) {
      Path dir = Files.createTempDirectory(tmp, "dcap");
      dcap.writeTo(dir);
      anchors = anchors.with(TrustAnchors.INTEL_SGX_ROOT, List.of(dcap.root()));
      collateral =
          CollateralSource.firstOf(
              new DirectoryCollateralSource(
                  dir.resolve(CollateralLayout.COLLATERAL_DIR), Limits.DEFAULT),
              collateral);
    }
    EvidenceSource src = new EvidenceSource("sim", evidence);
    assertThat(p.recognizes(src, Limits.DEFAULT)).isTrue();
    return p.appraise(
        src,
        new AppraisalContext(
            Clock.fixed(AT, ZoneOffset.UTC), anchors, collateral, nonce, Limits.DEFAULT));
  }

  /** The appraisal and each component: every one reports its own nonce state. */
  private static List<Appraisal> evidenceOf(Appraisal a) {
    List<Appraisal> out = new ArrayList<>(List.of(a));
    out.addAll(a.components().values());
    return out;
  }

  private static List<CheckResult> all(Appraisal a) {
    return Stream.concat(
            a.checks().stream(), a.components().values().stream().flatMap(c -> all(c).stream()))
        .toList();
  }

  private static String describe(Appraisal a) {
    return all(a).stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.outcome().label() + " " + c.explanation())
        .toList()
        .toString();
  }

  private static String hex(byte[] b) {
    return SimNear.HEX.formatHex(b);
  }
}
