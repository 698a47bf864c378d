package dev.teepol.cli;

import dev.teepol.core.crypto.Digests;
import dev.teepol.core.crypto.Eip191;
import dev.teepol.core.crypto.TestSigners;
import dev.teepol.providers.near.SimNear;
import dev.teepol.providers.nras.SimNras;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * Writes examples/near-signature/: a simulated NEAR gateway report (test PKI, test NRAS
 * intermediate), one chat exchange and the model's EIP-191 signature over it, for the
 * verify-signature command in the docs. Run from the repository root: {@code ./mvnw -q -o
 * test-compile exec:java -pl cli -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.teepol.cli.GenerateSignatureExample -Dexec.args=examples/near-signature}
 * (paths relative to cli/ unless absolute). {@code SignatureExampleTest} checks what is committed.
 */
public final class GenerateSignatureExample {
  static final String MODEL = "sim/qwen";
  static final byte[] REQUEST =
      "{\"model\":\"sim/qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Is this node attested?\"}]}\n"
          .getBytes(StandardCharsets.UTF_8);
  static final byte[] RESPONSE =
      "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Check its signature.\"}}]}\n"
          .getBytes(StandardCharsets.UTF_8);

  private GenerateSignatureExample() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "examples/near-signature").toAbsolutePath();
    Files.createDirectories(out);
    HexFormat hex = HexFormat.of();
    // A fixed model key, so the address in the docs stays the same when the example is regenerated.
    BigInteger modelKey =
        new BigInteger(
            1, Eip191.keccak256("teepol example model key".getBytes(StandardCharsets.UTF_8)));
    byte[] address =
        hex.parseHex(
            Eip191.address(CustomNamedCurves.getByName("secp256k1").getG().multiply(modelKey)));
    SimNear.Node gateway = SimNear.ed25519Node(SimNear.fill(32, 0x11));
    SimNear.Node model =
        SimNear.ecdsaNode(address).withPayload(SimNear.payload(hex.formatHex(SimNear.NONCE), 1));
    SimulatedDcap gq = gateway.quote();
    SimulatedDcap mq = model.quote();
    gq.writeTo(out);
    mq.writeTo(out);
    // Both nodes come from one simulated platform: one collateral folder serves both quotes.
    Files.deleteIfExists(out.resolve("quote.bin"));
    Files.write(out.resolve("root_ca.der"), mq.rootDer());
    Files.write(out.resolve("nras_intermediate.der"), SimNras.intermediate().getEncoded());
    Path nras = Files.createDirectories(out.resolve("nras"));
    Files.write(
        nras.resolve("nras_attest_gpu_response.json"),
        SimNras.response(SimNear.AT.minusSeconds(60), hex.formatHex(SimNear.NONCE), 1));
    Files.writeString(nras.resolve("nras_jwks.json"), SimNras.jwks().toString(true));
    Files.writeString(
        out.resolve("report.json"),
        SimNear.gatewayReport(gateway.json(gq, null), model.json(mq, MODEL)));
    Files.write(out.resolve("request.json"), REQUEST);
    Files.write(out.resolve("response.json"), RESPONSE);
    String text =
        MODEL
            + ":"
            + hex.formatHex(Digests.sha256(REQUEST))
            + ":"
            + hex.formatHex(Digests.sha256(RESPONSE));
    Files.writeString(
        out.resolve("signature.json"),
        "{\"text\":\""
            + text
            + "\",\"signature\":\"0x"
            + hex.formatHex(TestSigners.eip191(modelKey, text))
            + "\",\"signing_address\":\"0x"
            + hex.formatHex(address)
            + "\",\"signing_algo\":\"ecdsa\",\"signature_kind\":\"provider_tee\"}\n");
    Files.writeString(out.resolve("at.txt"), SimNear.AT + "\n");
    Files.writeString(out.resolve("nonce.txt"), hex.formatHex(SimNear.NONCE) + "\n");
    System.out.println("wrote " + out);
  }
}
