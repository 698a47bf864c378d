package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.nras.SimGpu;
import dev.teepol.providers.nras.SimNras;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NEAR provider on simulated reports: a valid gateway + model report passes everything, and
 * each broken binding fails exactly its own check in exactly its own component.
 */
class NearSimulatedTest {
  static final byte[] GATEWAY_KEY = SimNear.fill(32, 0x11);
  static final byte[] MODEL_KEY = SimNear.fill(32, 0x22);
  static final String NONCE_HEX = SimNear.HEX.formatHex(SimNear.NONCE);
  static final int GPUS = 2;

  @TempDir Path tmp;

  /** A recorded NRAS verdict about the caller's nonce, issued a minute before the appraisal. */
  private byte[] nrasResponse = SimNras.response(SimNear.AT.minusSeconds(60), NONCE_HEX, GPUS);

  private SimNear.Node gateway() {
    return SimNear.ed25519Node(GATEWAY_KEY);
  }

  private SimNear.Node model() {
    return SimNear.ed25519Node(MODEL_KEY).withPayload(SimNear.payload(NONCE_HEX, GPUS));
  }

  private String report(SimNear.Node gw, SimNear.Node model) throws IOException {
    return SimNear.gatewayReport(render(gw, null), render(model, "sim/model"));
  }

  private String render(SimNear.Node n, String modelName) throws IOException {
    SimulatedDcap q = n.quote();
    q.writeTo(tmp);
    root = q;
    return n.json(q, modelName);
  }

  private SimulatedDcap root;

  private Appraisal appraise(byte[] report, Optional<byte[]> nonce) {
    NearProvider p = new NearProvider(new TdxProvider());
    EvidenceSource src = new EvidenceSource("sim-report", report);
    assertThat(p.recognizes(src, Limits.DEFAULT)).as("recognized").isTrue();
    return p.appraise(src, context(SimNras.serving(SimNras.jwks(), nrasResponse), nonce));
  }

  /**
   * At {@link SimNear#AT}, the simulated DCAP collateral first, then {@code nras} (JWKS, NRAS
   * verdicts).
   */
  private AppraisalContext context(CollateralSource nras, Optional<byte[]> nonce) {
    return new AppraisalContext(
        Clock.fixed(SimNear.AT, ZoneOffset.UTC),
        SimNras.anchors().with(TrustAnchors.INTEL_SGX_ROOT, List.of(root.root())),
        CollateralSource.firstOf(
            new DirectoryCollateralSource(
                tmp.resolve(CollateralLayout.COLLATERAL_DIR), Limits.DEFAULT),
            nras),
        nonce,
        Limits.DEFAULT);
  }

  private Appraisal appraise(String report) {
    return appraise(report.getBytes(StandardCharsets.UTF_8), Optional.of(SimNear.NONCE));
  }

  /** Ids (component-prefixed, as the baseline lists them) of every check that did not pass. */
  private static Set<String> notPassed(Appraisal a) {
    return StrictPolicy.evaluate(a, SimNear.AT).checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  private static String describe(Appraisal a) {
    return StrictPolicy.evaluate(a, SimNear.AT).checks().stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.outcome().label() + " " + c.explanation())
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  @Test
  void aValidGatewayReportPassesEveryCheckAndBindsBothSigners() throws IOException {
    Appraisal a = appraise(report(gateway(), model()));
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
    assertThat(a.genuine()).isTrue();
    assertThat(StrictPolicy.evaluate(a, SimNear.AT).allowed()).isTrue();
    assertThat(a.components()).containsOnlyKeys("gateway", "model0");
    assertThat(a.components().get("gateway").evidence().signers())
        .containsExactly(
            new Signer("ed25519", SimNear.HEX.formatHex(GATEWAY_KEY), Binding.REPORT_DATA));
    assertThat(a.components().get("model0").evidence().signers())
        .containsExactly(
            new Signer("ed25519", SimNear.HEX.formatHex(MODEL_KEY), Binding.REPORT_DATA));
    assertThat(a.components().get("model0").evidence().gpus())
        .hasSize(GPUS)
        .allSatisfy(g -> assertThat(g.tokenVerified() && g.nonceMatches()).isTrue());
    assertThat(a.components().get("model0").evidence().bound())
        .containsEntry("gpus[0]", Binding.SIGNATURE)
        .containsEntry("tls_cert_fingerprint", Binding.REPORT_DATA);
    // The primary is the model node; its checks are judged once, under its component name.
    assertThat(a.evidence().subject()).isEqualTo("near/model:sim/model");
    assertThat(a.evidence().signers()).isEqualTo(a.components().get("model0").evidence().signers());
    assertThat(StrictPolicy.evaluate(a, SimNear.AT).checks())
        .extracting(CheckResult::id)
        .contains("model0:" + StrictPolicy.TCB_STATUS, "gateway:" + StrictPolicy.TCB_STATUS);
  }

  @Test
  void anAddressMissingFromReportDataFailsOnlyTheSignerBindingAndBindsNoSigner()
      throws IOException {
    SimNear.Node m =
        model().withSignedReportData(SimNear.concat(SimNear.fill(32, 0x33), SimNear.NONCE));
    Appraisal a = appraise(report(gateway(), m));
    assertThat(notPassed(a))
        .as(describe(a))
        .containsExactly("model0:" + NearChecks.REPORT_DATA_SIGNER);
    assertThat(a.components().get("model0").evidence().signers()).isEmpty();
    assertThat(a.components().get("model0").evidence().bound())
        .containsEntry("signing_address", Binding.SELF_REPORTED);
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void aWrongNonceHalfFailsOnlyTheNonceCheck() throws IOException {
    byte[] rd =
        SimNear.concat(Arrays.copyOf(model().signedReportData(), 32), SimNear.fill(32, 0x44));
    Appraisal a = appraise(report(gateway(), model().withSignedReportData(rd)));
    assertThat(notPassed(a))
        .as(describe(a))
        .containsExactly("model0:" + NearChecks.REPORT_DATA_NONCE);
    assertThat(a.components().get("model0").evidence().nonce().matches()).isFalse();
  }

  @Test
  void aPublishedFingerprintTheQuoteDoesNotCommitToFailsTheSignerBinding() throws IOException {
    // Signed in the padded-key form, but published with a TLS fingerprint: the hash form is then
    // required.
    byte[] padded = SimNear.concat(Arrays.copyOf(MODEL_KEY, 32), SimNear.NONCE);
    Appraisal a = appraise(report(gateway(), model().withSignedReportData(padded)));
    assertThat(notPassed(a))
        .as(describe(a))
        .containsExactly("model0:" + NearChecks.REPORT_DATA_SIGNER);
    assertThat(
            a.components()
                .get("model0")
                .check(NearChecks.REPORT_DATA_SIGNER)
                .orElseThrow()
                .explanation())
        .contains("SHA-256(signing address ‖ TLS fingerprint)");

    // And the other way round: signed with the hash form, published without the fingerprint.
    Appraisal b = appraise(report(gateway(), model().withPublishedFp(Optional.empty())));
    assertThat(notPassed(b))
        .as(describe(b))
        .containsExactly("model0:" + NearChecks.REPORT_DATA_SIGNER);
  }

  @Test
  void aGpuPayloadAboutAnotherNonceFailsOnlyTheGpuNonce() throws IOException {
    Appraisal a =
        appraise(report(gateway(), model().withPayload(SimNear.payload("cd".repeat(32), GPUS))));
    assertThat(notPassed(a)).as(describe(a)).containsExactly("model0:" + NearChecks.GPU_NONCE);
  }

  @Test
  void nrasAttestingFewerGpusThanThePayloadCarriesFailsTheCount() throws IOException {
    nrasResponse = SimNras.response(SimNear.AT.minusSeconds(60), NONCE_HEX, GPUS - 1);
    Appraisal a = appraise(report(gateway(), model()));
    assertThat(notPassed(a)).as(describe(a)).containsExactly("model0:" + NearChecks.GPU_COUNT);
  }

  /**
   * Audit item 4: the GPU evidence was replaced, the recorded NRAS verdict about the real GPUs
   * kept.
   */
  @Test
  void gpuEvidenceReplacedByJunkIsNotVouchedForByTheNrasVerdict() throws IOException {
    String junk = SimNear.payload(NONCE_HEX, java.util.Collections.nCopies(GPUS, "AAAA"), "AAAA");
    Appraisal a = appraise(report(gateway(), model().withPayload(junk)));
    assertThat(notPassed(a)).as(describe(a)).contains("model0:" + NearChecks.GPU_BINDING);
    assertThat(a.components().get("model0").check(NearChecks.GPU_BINDING).orElseThrow().outcome())
        .isInstanceOf(Outcome.Fail.class);
    assertUnbound(a.components().get("model0"));
    assertThat(a.genuine()).isFalse();
  }

  /**
   * Audit item 4: one node's recorded NRAS verdict served for every model node counts only where it
   * binds.
   */
  @Test
  void oneRecordedNrasVerdictDoesNotCountForAnotherNodesGpus() throws IOException {
    SimNear.Node other =
        SimNear.ed25519Node(SimNear.fill(32, 0x66))
            .withPayload(SimNear.payload(NONCE_HEX, SimGpu.of("another-gpu-node", GPUS)));
    Appraisal a =
        appraise(
            SimNear.gatewayReport(
                render(gateway(), null), render(model(), "sim/model"), render(other, "sim/other")));
    assertThat(notPassed(a)).as(describe(a)).containsExactly("model1:" + NearChecks.GPU_BINDING);
    assertThat(a.components().get("model0").evidence().gpus())
        .allSatisfy(g -> assertThat(g.tokenVerified()).isTrue());
    assertUnbound(a.components().get("model1"));
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void oneGpuEntrySwappedForAnotherMachinesGpuFailsTheBindingForThatGpu() throws IOException {
    List<SimGpu> mixed =
        List.of(
            SimGpu.of(SimNras.MACHINE, GPUS).get(0), SimGpu.of("another-gpu-node", GPUS).get(1));
    Appraisal a =
        appraise(report(gateway(), model().withPayload(SimNear.payload(NONCE_HEX, mixed))));
    assertThat(notPassed(a)).as(describe(a)).containsExactly("model0:" + NearChecks.GPU_BINDING);
    Appraisal m = a.components().get("model0");
    assertThat(m.check(NearChecks.GPU_BINDING).orElseThrow().explanation()).contains("GPU-1");
    assertThat(m.evidence().gpus()).extracting(g -> g.tokenVerified()).containsExactly(true, false);
    assertThat(m.evidence().bound())
        .containsEntry("gpus[0]", Binding.SIGNATURE)
        .containsEntry("gpus[1]", Binding.SELF_REPORTED);
  }

  /** Audit item 2 through a NEAR report: the recorded JWKS holds only the attacker's key. */
  @Test
  void aRecordedJwksHoldingOnlyAnAttackersKeyDoesNotVouchForTheGpus() throws IOException {
    com.nimbusds.jose.jwk.ECKey evil =
        SimNras.generate("attacker-kid", com.nimbusds.jose.jwk.Curve.P_384);
    nrasResponse = SimNras.signedBy(evil, SimNear.AT.minusSeconds(60), NONCE_HEX, GPUS);
    String r = report(gateway(), model());
    NearProvider p = new NearProvider(new TdxProvider());
    AppraisalContext ctx =
        context(
            SimNras.serving(new com.nimbusds.jose.jwk.JWKSet(evil.toPublicJWK()), nrasResponse),
            Optional.of(SimNear.NONCE));
    Appraisal a = p.appraise(new EvidenceSource("r", r.getBytes(StandardCharsets.UTF_8)), ctx);
    assertThat(notPassed(a))
        .as(describe(a))
        .contains("model0:nras.overall.signature", "model0:nras.gpu0.signature");
    assertThat(a.components().get("model0").evidence().gpus()).noneMatch(g -> g.tokenVerified());
    assertThat(a.genuine()).isFalse();
  }

  /**
   * Neither the claims nor the verified flag of a GPU whose token is not about this payload reach
   * the evidence.
   */
  private static void assertUnbound(Appraisal node) {
    assertThat(node.evidence().gpus())
        .hasSize(GPUS)
        .allSatisfy(
            g -> {
              assertThat(g.tokenVerified()).isFalse();
              assertThat(g.measres()).isFalse();
              assertThat(g.hwmodel()).isEmpty();
            });
    assertThat(node.evidence().bound())
        .containsEntry("gpus[0]", Binding.SELF_REPORTED)
        .containsEntry("gpus[1]", Binding.SELF_REPORTED);
  }

  @Test
  void withoutARecordedOrLiveNrasVerdictTheGpuIsUnevaluableNotPassed() throws IOException {
    String r = report(gateway(), model());
    NearProvider p = new NearProvider(new TdxProvider());
    AppraisalContext ctx = context(SimNras.serving(SimNras.jwks()), Optional.of(SimNear.NONCE));
    Appraisal a = p.appraise(new EvidenceSource("r", r.getBytes(StandardCharsets.UTF_8)), ctx);
    assertThat(notPassed(a)).containsExactly("model0:" + NearChecks.GPU_NRAS);
    assertThat(a.components().get("model0").check(NearChecks.GPU_NRAS).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
    assertThat(a.components().get("model0").evidence().gpus()).isEmpty();
  }

  @Test
  void oneFailingComponentMakesTheReportNotGenuineWhileTheOtherStaysGenuine() throws IOException {
    SimNear.Node gw =
        gateway().withSignedReportData(SimNear.concat(SimNear.fill(32, 0x55), SimNear.NONCE));
    Appraisal a = appraise(report(gw, model()));
    assertThat(notPassed(a))
        .as(describe(a))
        .containsExactly("gateway:" + NearChecks.REPORT_DATA_SIGNER);
    assertThat(a.components().get("gateway").genuine()).isFalse();
    assertThat(a.components().get("model0").genuine()).isTrue();
    assertThat(a.genuine()).isFalse();
    assertThat(StrictPolicy.evaluate(a, SimNear.AT).allowed()).isFalse();
  }

  @Test
  void withoutASuppliedNonceTheGpuEvidenceIsStillBoundToTheQuotesNonce() throws IOException {
    // Freshness is the policy's call (audit item 13), but the GPU evidence and its NRAS verdict
    // must
    // still be about this node's quote: they carry the nonce in its report_data[32:64].
    Appraisal a =
        appraise(report(gateway(), model()).getBytes(StandardCharsets.UTF_8), Optional.empty());
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
    assertThat(a.components().get("model0").check(NearChecks.REPORT_DATA_NONCE)).isEmpty();
    assertThat(a.components().get("model0").check(NearChecks.GPU_NONCE).orElseThrow().explanation())
        .contains("report_data[32:64]");

    Appraisal other =
        appraise(
            report(gateway(), model().withPayload(SimNear.payload("cd".repeat(32), GPUS)))
                .getBytes(StandardCharsets.UTF_8),
            Optional.empty());
    assertThat(notPassed(other))
        .as(describe(other))
        .containsExactly("model0:" + NearChecks.GPU_NONCE);

    nrasResponse = SimNras.response(SimNear.AT.minusSeconds(60), "cd".repeat(32), GPUS);
    Appraisal stale =
        appraise(report(gateway(), model()).getBytes(StandardCharsets.UTF_8), Optional.empty());
    assertThat(notPassed(stale)).as(describe(stale)).contains("model0:nras.overall.nonce");
    assertThat(stale.components().get("model0").evidence().gpus()).noneMatch(g -> g.nonceMatches());
  }

  @Test
  void aGatewayReportWithoutItsGatewayFailsTheStructureCheck() throws IOException {
    String model = render(model(), "sim/model");
    for (String r :
        List.of(
            "{\"gateway_attestation\":null,\"model_attestations\":[" + model + "]}",
            "{\"model_attestations\":[" + model + "]}")) {
      Appraisal a = appraise(r);
      assertThat(notPassed(a)).as(describe(a)).containsExactly(NearChecks.REPORT_STRUCTURE);
      assertThat(a.check(NearChecks.REPORT_STRUCTURE).orElseThrow().explanation())
          .contains("gateway_attestation");
      assertThat(a.genuine()).isFalse();
      assertThat(StrictPolicy.evaluate(a, SimNear.AT).allowed()).isFalse();
    }
  }

  @Test
  void aGatewayReportWithoutAModelNodeFailsTheStructureCheck() throws IOException {
    String gw = render(gateway(), null);
    for (String r :
        List.of(
            SimNear.gatewayReport(gw),
            "{\"gateway_attestation\":" + gw + "}",
            "{\"gateway_attestation\":" + gw + ",\"model_attestations\":null}")) {
      Appraisal a = appraise(r);
      assertThat(notPassed(a)).as(describe(a)).containsExactly(NearChecks.REPORT_STRUCTURE);
      assertThat(a.check(NearChecks.REPORT_STRUCTURE).orElseThrow().explanation())
          .contains("model node");
      assertThat(StrictPolicy.evaluate(a, SimNear.AT).allowed()).isFalse();
    }
    // Neither part at all: still a decided structure FAIL, not a report that vanished.
    Appraisal none = appraise("{\"gateway_attestation\":null,\"model_attestations\":[]}");
    assertThat(none.check(NearChecks.REPORT_STRUCTURE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Fail.class);
    assertThat(none.genuine()).isFalse();
    assertThat(StrictPolicy.evaluate(none, SimNear.AT).allowed()).isFalse();
  }

  @Test
  void aModelNodeWithoutItsGpuEvidenceFailsInAGatewayAndInAModelReport() throws IOException {
    SimNear.Node bare = SimNear.ed25519Node(MODEL_KEY);
    Appraisal a = appraise(report(gateway(), bare));
    assertThat(notPassed(a)).as(describe(a)).containsExactly("model0:" + NearChecks.GPU_EVIDENCE);
    assertThat(StrictPolicy.evaluate(a, SimNear.AT).allowed()).isFalse();

    Appraisal direct = appraise(render(bare, "sim/model"));
    assertThat(notPassed(direct))
        .as(describe(direct))
        .containsExactly("model0:" + NearChecks.GPU_EVIDENCE);
    assertThat(
            direct
                .components()
                .get("model0")
                .check(NearChecks.GPU_EVIDENCE)
                .orElseThrow()
                .explanation())
        .contains("nvidia_payload");
    assertThat(direct.genuine()).isFalse();
  }

  @Test
  void theGatewayCopiedInAsTheModelFailsTheStructureCheck() throws IOException {
    SimNear.Node gw = gateway();
    SimulatedDcap q = gw.quote();
    q.writeTo(tmp);
    root = q;
    // The gateway's own quote, dressed as a model node: a model name and GPU evidence about the
    // same nonce.
    String copy = gw.withPayload(SimNear.payload(NONCE_HEX, GPUS)).json(q, "sim/model");
    Appraisal a = appraise(SimNear.gatewayReport(gw.json(q, null), copy));
    assertThat(notPassed(a)).as(describe(a)).containsExactly(NearChecks.REPORT_STRUCTURE);
    assertThat(a.check(NearChecks.REPORT_STRUCTURE).orElseThrow().explanation())
        .contains("model0", "gateway");

    // The same model node twice is one attested node, not two.
    String model = render(model(), "sim/model");
    Appraisal twice = appraise(SimNear.gatewayReport(render(gateway(), null), model, model));
    assertThat(notPassed(twice)).as(describe(twice)).containsExactly(NearChecks.REPORT_STRUCTURE);
    assertThat(twice.check(NearChecks.REPORT_STRUCTURE).orElseThrow().explanation())
        .contains("model0", "model1");
  }

  @Test
  void aLoneSurrogateInANodesAppComposeIsAParseErrorNamingTheField() throws IOException {
    // Audit item 9: hashed as '?', the shown compose would match the hash of another document.
    String r = report(gateway(), model()).replace("teepol-sim\\\"", "teepol-sim\\ud800\\\"");
    Appraisal a = appraise(r);
    CheckResult parse = a.check(NearChecks.REPORT_PARSE).orElseThrow();
    assertThat(parse.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(parse.explanation())
        .contains("$.gateway_attestation.info.tcb_info.app_compose", "unpaired");
    assertThat(StrictPolicy.evaluate(a, SimNear.AT).allowed()).isFalse();
  }

  @Test
  void aModelReportWithAnEcdsaSignerBindsTheAddressAndChecksThePublishedKey() throws IOException {
    byte[] pub = SimNear.fill(64, 0x07);
    byte[] address = Arrays.copyOfRange(dev.teepol.core.crypto.Eip191.keccak256(pub), 12, 32);
    SimNear.Node n =
        SimNear.ecdsaNode(address)
            .withPayload(SimNear.payload(NONCE_HEX, GPUS))
            .withExtra("\"signing_public_key\":\"" + SimNear.HEX.formatHex(pub) + "\"");
    Appraisal a = appraise(render(n, "sim/ecdsa"));
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
    assertThat(a.components()).containsOnlyKeys("model0");
    assertThat(a.evidence().signers())
        .containsExactly(
            new Signer("ecdsa", "0x" + SimNear.HEX.formatHex(address), Binding.REPORT_DATA));

    SimNear.Node lying =
        SimNear.ecdsaNode(address)
            .withPayload(SimNear.payload(NONCE_HEX, GPUS))
            .withExtra(
                "\"signing_public_key\":\"" + SimNear.HEX.formatHex(SimNear.fill(64, 8)) + "\"");
    Appraisal b = appraise(render(lying, "sim/ecdsa"));
    assertThat(notPassed(b)).as(describe(b)).containsExactly("model0:" + NearChecks.SIGNING_KEY);
  }

  @Test
  void partsNothingBindsAreLabelledSelfReported() throws IOException {
    SimNear.Node n = model().withExtra("\"compose_manager_attestation\":{\"actions_hash\":\"00\"}");
    String r =
        "{\"gateway_attestation\":"
            + render(gateway(), null)
            + ",\"model_attestations\":["
            + render(n, "m")
            + "],\"tls_certificate\":\"PEM\"}";
    Appraisal a = appraise(r);
    assertThat(a.components().get("model0").evidence().bound())
        .containsEntry("report.compose_manager_attestation", Binding.SELF_REPORTED);
    assertThat(a.evidence().bound()).containsEntry("report.tls_certificate", Binding.SELF_REPORTED);
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
  }

  @Test
  void aGzipReportIsReadAndABombStopsAtTheDecompressedLimit() throws IOException {
    String r = report(gateway(), model());
    Appraisal a = appraise(gzip(r.getBytes(StandardCharsets.UTF_8)), Optional.of(SimNear.NONCE));
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
    assertThat(a.check(NearChecks.REPORT_PARSE).orElseThrow().explanation()).contains("gzip");

    byte[] bomb =
        gzip(
            ("{\"gateway_attestation\":\"" + " ".repeat(4 << 20) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    Limits small = new Limits(32L << 20, 64 << 10, 8, 1 << 20, 64, 4096, 64 << 10, 256, 1 << 20);
    Appraisal c =
        new NearProvider(new TdxProvider())
            .appraise(
                new EvidenceSource("bomb.gz", bomb),
                new AppraisalContext(
                    Clock.fixed(SimNear.AT, ZoneOffset.UTC),
                    TrustAnchors.defaults(),
                    dev.teepol.core.spi.CollateralSource.none(),
                    Optional.empty(),
                    small));
    assertThat(c.check(NearChecks.REPORT_PARSE).orElseThrow().explanation())
        .contains("decompressed limit of " + (1 << 20));
    assertThat(c.genuine()).isFalse();
  }

  @Test
  void hostileInputBecomesTypedParseFailuresNamingTheField() throws IOException {
    SimNear.Node weird =
        new SimNear.Node(
            "rsa", MODEL_KEY, Optional.empty(), model().signedReportData(), Optional.empty(), "");
    Appraisal a = appraise(SimNear.gatewayReport(render(gateway(), null), render(weird, "m")));
    CheckResult parse = a.components().get("model0").check(NearChecks.NODE_PARSE).orElseThrow();
    assertThat(parse.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(parse.explanation()).contains("$.model_attestations[0].signing_algo", "rsa");
    assertThat(a.components().get("gateway").genuine()).isTrue();
    assertThat(a.genuine()).isFalse();

    for (String bad :
        List.of(
            "{\"gateway_attestation\":",
            "[]",
            "{\"model_attestations\":{}}",
            "{\"x\":1}",
            "{\"model_attestations\":[" + "1,".repeat(300) + "1]}")) {
      Appraisal b =
          new NearProvider(new TdxProvider())
              .appraise(
                  new EvidenceSource("bad", bad.getBytes(StandardCharsets.UTF_8)),
                  AppraisalContext.offline(Clock.fixed(SimNear.AT, ZoneOffset.UTC)));
      assertThat(b.check(NearChecks.REPORT_PARSE).orElseThrow().outcome())
          .as(bad.length() > 60 ? "300 nodes" : bad)
          .isInstanceOf(Outcome.Fail.class);
      assertThat(b.genuine()).isFalse();
    }
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }
}
