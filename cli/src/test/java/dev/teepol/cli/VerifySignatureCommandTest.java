package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.crypto.Digests;
import dev.teepol.core.crypto.Eip191;
import dev.teepol.core.crypto.TestSigners;
import dev.teepol.providers.near.SimNear;
import dev.teepol.providers.nras.SimNras;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teepol verify-signature} on simulated NEAR reports with keys generated here: an ed25519
 * gateway key and a secp256k1 (EIP-191) model key, each bound into its node's report_data.
 */
class VerifySignatureCommandTest {
  static final HexFormat HEX = HexFormat.of();
  static final X9ECParameters K1 = CustomNamedCurves.getByName("secp256k1");
  static final String MODEL = "sim/qwen";
  static final byte[] REQUEST =
      "{\"model\":\"sim/qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
          .getBytes(StandardCharsets.UTF_8);
  static final byte[] RESPONSE =
      "{\"choices\":[{\"message\":{\"content\":\"hello\"}}]}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  final Ed25519PrivateKeyParameters gatewayKey =
      new Ed25519PrivateKeyParameters(new SecureRandom());
  final BigInteger modelKey =
      new BigInteger(
          1, Eip191.keccak256("teepol verify-signature test".getBytes(StandardCharsets.UTF_8)));
  final byte[] modelAddress = HEX.parseHex(Eip191.address(K1.getG().multiply(modelKey)));
  SimulatedDcap anyQuote;

  /**
   * Writes report, collateral, anchor and NRAS capture; {@code gateway} may be broken by the
   * caller.
   */
  private Path report(SimNear.Node gateway) throws IOException {
    SimNear.Node model =
        SimNear.ecdsaNode(modelAddress)
            .withPayload(SimNear.payload(HEX.formatHex(SimNear.NONCE), 1));
    SimulatedDcap gq = gateway.quote();
    SimulatedDcap mq = model.quote();
    gq.writeTo(tmp);
    mq.writeTo(tmp);
    anyQuote = mq;
    Files.write(tmp.resolve("root.der"), mq.rootDer());
    try {
      Files.write(tmp.resolve("nras_intermediate.der"), SimNras.intermediate().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    Path nras = Files.createDirectories(tmp.resolve("nras"));
    Files.write(
        nras.resolve("nras_attest_gpu_response.json"),
        SimNras.response(SimNear.AT.minusSeconds(60), HEX.formatHex(SimNear.NONCE), 1));
    Files.writeString(nras.resolve("nras_jwks.json"), SimNras.jwks().toString(true));
    Path r = tmp.resolve("report.json");
    Files.writeString(r, SimNear.gatewayReport(gateway.json(gq, null), model.json(mq, MODEL)));
    Files.write(tmp.resolve("request.json"), REQUEST);
    Files.write(tmp.resolve("response.json"), RESPONSE);
    return r;
  }

  private Path report() throws IOException {
    return report(SimNear.ed25519Node(gatewayKey.generatePublicKey().getEncoded()));
  }

  private String hashes(byte[] response) {
    return HEX.formatHex(Digests.sha256(REQUEST)) + ":" + HEX.formatHex(Digests.sha256(response));
  }

  private Path signature(String text, String sigHex, String address, String algo, String kind)
      throws IOException {
    Path p = tmp.resolve("sig-" + Math.abs((text + sigHex + kind).hashCode()) + ".json");
    Files.writeString(
        p,
        "{\"text\":\""
            + text
            + "\",\"signature\":\""
            + sigHex
            + "\",\"signing_address\":\""
            + address
            + "\",\"signing_algo\":\""
            + algo
            + "\""
            + (kind == null ? "" : ",\"signature_kind\":\"" + kind + "\"")
            + "}");
    return p;
  }

  private Path modelSignature(String text) throws IOException {
    return signature(
        text,
        "0x" + HEX.formatHex(TestSigners.eip191(modelKey, text)),
        "0x" + HEX.formatHex(modelAddress),
        "ecdsa",
        "provider_tee");
  }

  private Path gatewaySignature(String text, Ed25519PrivateKeyParameters key) throws IOException {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    byte[] m = text.getBytes(StandardCharsets.UTF_8);
    s.update(m, 0, m.length);
    return signature(
        text,
        HEX.formatHex(s.generateSignature()),
        HEX.formatHex(key.generatePublicKey().getEncoded()),
        "ed25519",
        "gateway");
  }

  private CliRun run(Path report, Path sig, String... extra) {
    String[] base = {
      "verify-signature",
      "--report",
      report.toString(),
      "--request",
      tmp.resolve("request.json").toString(),
      "--response",
      tmp.resolve("response.json").toString(),
      "--signature",
      sig.toString(),
      "--at",
      SimNear.AT.toString(),
      "--collateral",
      tmp.resolve("collateral").toString(),
      "--nras",
      tmp.resolve("nras").toString(),
      "--trust-anchor",
      tmp.resolve("root.der").toString(),
      "--trust-anchor",
      tmp.resolve("nras_intermediate.der").toString()
    };
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.real(all);
  }

  private static final String NONCE = "--nonce=" + HEX.formatHex(SimNear.NONCE);

  @Test
  void anEip191ModelSignatureOverThisExchangeByABoundKeyIsValid() throws IOException {
    Path r = report();
    CliRun run = run(r, modelSignature(MODEL + ":" + hashes(RESPONSE)), NONCE, "--model", MODEL);
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(run.out())
        .contains(
            "✓ signature.text",
            "✓ signature.valid",
            "✓ signature.key_bound",
            "accepted component model0",
            "signature: VALID",
            "decision: ALLOW");
  }

  @Test
  void jsonOutputCarriesTheSignatureChecksAndTheReportVerdict() throws IOException {
    Path r = report();
    CliRun run =
        run(
            r,
            modelSignature(MODEL + ":" + hashes(RESPONSE)),
            NONCE,
            "--model",
            MODEL,
            "--format",
            "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.ALLOW);
    try (jakarta.json.JsonReader jr =
        jakarta.json.Json.createReader(new java.io.StringReader(run.out()))) {
      jakarta.json.JsonObject o = jr.readObject();
      jakarta.json.JsonObject signature = o.getJsonObject("signature");
      assertThat(signature.getBoolean("valid")).isTrue();
      assertThat(signature.getString("kind")).isEqualTo("model");
      assertThat(signature.getJsonArray("checks").getValuesAs(jakarta.json.JsonObject.class))
          .extracting(c -> c.getString("id"))
          .containsExactlyInAnyOrder("signature.text", "signature.valid", "signature.key_bound");
      assertThat(o.getJsonObject("report").getString("decision")).isEqualTo("ALLOW");
    }
  }

  @Test
  void anEd25519GatewaySignatureUsesTheGatewayTextForm() throws IOException {
    Path r = report();
    CliRun run = run(r, gatewaySignature(hashes(RESPONSE), gatewayKey), NONCE);
    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCodes.ALLOW);
    assertThat(run.out()).contains("accepted component gateway", "signature: VALID");
  }

  @Test
  void quietPrintsOnlyWhatFailedAndTheOutcome() throws IOException {
    Path r = report();
    Path sig = modelSignature(MODEL + ":" + hashes(RESPONSE));
    Files.write(tmp.resolve("response.json"), "{\"choices\":[]}".getBytes(StandardCharsets.UTF_8));
    CliRun run = run(r, sig, NONCE, "-q");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out())
        .contains("✗ signature.text", "signature: INVALID")
        .doesNotContain("✓", "measurements");
  }

  @Test
  void aResponseOtherThanTheSignedOneFailsTheText() throws IOException {
    Path r = report();
    Path sig = modelSignature(MODEL + ":" + hashes(RESPONSE));
    Files.write(tmp.resolve("response.json"), "{\"choices\":[]}".getBytes(StandardCharsets.UTF_8));
    CliRun run = run(r, sig, NONCE);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out())
        .contains(
            "✗ signature.text", "✓ signature.valid", "✓ signature.key_bound", "signature: INVALID");
  }

  /**
   * Audit item 2 through the CLI: the recorded JWKS counts only under the pinned NRAS intermediate.
   */
  @Test
  void withoutTheTestNrasIntermediatePinnedTheGpusAreNotVerifiedAndNoKeyIsVouchedFor()
      throws IOException {
    Path r = report();
    Path sig = modelSignature(MODEL + ":" + hashes(RESPONSE));
    CliRun run =
        CliRun.real(
            "verify-signature",
            "--report",
            r.toString(),
            "--request",
            tmp.resolve("request.json").toString(),
            "--response",
            tmp.resolve("response.json").toString(),
            "--signature",
            sig.toString(),
            "--at",
            SimNear.AT.toString(),
            "--collateral",
            tmp.resolve("collateral").toString(),
            "--nras",
            tmp.resolve("nras").toString(),
            "--trust-anchor",
            tmp.resolve("root.der").toString(),
            NONCE,
            "--model",
            MODEL);
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out())
        .contains(
            "✗ model0:nras.overall.signature",
            "not the pinned NVIDIA NRAS intermediate",
            "✗ signature.key_bound");
  }

  @Test
  void twoAnchorsForOnePurposeAreABadInput() throws IOException {
    Path r = report();
    CliRun run =
        run(
            r,
            modelSignature(MODEL + ":" + hashes(RESPONSE)),
            NONCE,
            "--trust-anchor",
            tmp.resolve("root.der").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).contains("a second trust anchor for intel-sgx-root");
  }

  @Test
  void aTamperedSignatureFailsValidity() throws IOException {
    Path r = report();
    String text = MODEL + ":" + hashes(RESPONSE);
    byte[] sig = TestSigners.eip191(modelKey, text);
    sig[10] ^= 1;
    Path p =
        signature(
            text, "0x" + HEX.formatHex(sig), "0x" + HEX.formatHex(modelAddress), "ecdsa", null);
    CliRun run = run(r, p, NONCE);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out()).contains("✗ signature.valid", "signature: INVALID");
  }

  @Test
  void aValidSignatureByAKeyNoAttestationBoundIsInvalid() throws IOException {
    Path r = report();
    Ed25519PrivateKeyParameters stranger = new Ed25519PrivateKeyParameters(new SecureRandom());
    CliRun run = run(r, gatewaySignature(hashes(RESPONSE), stranger), NONCE);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out())
        .contains(
            "✓ signature.valid",
            "✗ signature.key_bound",
            "is not a signer any attestation in the report bound");
  }

  @Test
  void aKeyBoundByADeniedNodeIsNotAccepted() throws IOException {
    byte[] pub = gatewayKey.generatePublicKey().getEncoded();
    SimNear.Node stale =
        SimNear.ed25519Node(pub)
            .withSignedReportData(
                SimNear.concat(Digests.sha256(pub, SimNear.TLS_FP), SimNear.fill(32, 0x01)));
    Path r = report(stale);
    CliRun run = run(r, gatewaySignature(hashes(RESPONSE), gatewayKey), NONCE);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out())
        .contains(
            "✗ signature.key_bound",
            "bound by gateway, but its attestation was denied",
            "near.report_data.nonce");
  }

  @Test
  void aModelKeyCannotVouchForAGatewaySignature() throws IOException {
    Path r = report();
    String text = hashes(RESPONSE);
    Path p =
        signature(
            text,
            "0x" + HEX.formatHex(TestSigners.eip191(modelKey, text)),
            "0x" + HEX.formatHex(modelAddress),
            "ecdsa",
            "gateway");
    CliRun run = run(r, p, NONCE);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(run.out())
        .contains(
            "✗ signature.key_bound", "bound by model0, which does not sign gateway responses");
  }

  @Test
  void withoutTheNonceTheKeyBindingStandsAndTheReportSaysFreshnessIsNotEstablished()
      throws IOException {
    // The one freshness rule (audit item 13): no nonce check fails for a nonce nobody supplied; the
    // signed quote still binds the key, and the report says the nonce was not supplied.
    Path r = report();
    CliRun run = run(r, modelSignature(MODEL + ":" + hashes(RESPONSE)));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCodes.ALLOW);
    assertThat(run.out())
        .contains("nonce:        not supplied", "✓ signature.key_bound", "signature: VALID")
        .doesNotContain("near.report_data.nonce");

    CliRun stale =
        run(r, modelSignature(MODEL + ":" + hashes(RESPONSE)), "--nonce=" + "01".repeat(32));
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(stale.out())
        .contains(
            "✗ model0:near.report_data.nonce", "✗ signature.key_bound", "nonce:        differs");
  }

  @Test
  void unreadableInputsAreOneLineErrorsWithExitTwo() throws IOException {
    Path r = report();
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"text\":1}");
    CliRun run = run(r, bad, NONCE);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("bad.json", "$.text");

    CliRun notNear = run(tmp.resolve("request.json"), modelSignature("x"), NONCE);
    assertThat(notNear.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(notNear.err()).contains("not a NEAR attestation report");
  }
}
