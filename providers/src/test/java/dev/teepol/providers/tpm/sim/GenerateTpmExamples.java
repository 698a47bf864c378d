package dev.teepol.providers.tpm.sim;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.providers.tpm.abi.TpmHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the committed simulated TPM evidence under {@code examples/tpm}: Blindference-style nodes
 * (an RSA and an ECC AK registered by the policy, one that is not, one running another engine, one
 * without an AK certificate), the test AK CA root, and one attestation per {@link TpmDefect}.
 * Output is byte-identical on every run (keys derive from labels, signatures are deterministic).
 * Run through {@code examples/regenerate.sh}.
 */
public final class GenerateTpmExamples {
  /** Another inference engine build than the one the example policy accepts. */
  static final byte[] OTHER_ENGINE =
      TpmHash.SHA256.hash("blindference-engine v1.3.9".getBytes(StandardCharsets.US_ASCII));

  private GenerateTpmExamples() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "examples/tpm");
    deleteRecursively(out);
    Files.createDirectories(out.resolve("broken"));
    SimulatedTpm node3 = TpmSimulator.builder().build().generate();
    Files.writeString(out.resolve("ak-ca-root.pem"), pem(node3));
    Files.write(out.resolve("node-3.pb"), node3.attestation());
    Files.write(
        out.resolve("node-5-ecc.pb"),
        TpmSimulator.builder().ak(SimAk.ecc("node-5")).build().generate().attestation());
    Files.write(
        out.resolve("node-4-unregistered.pb"),
        TpmSimulator.builder().ak(SimAk.rsa("node-4")).build().generate().attestation());
    Files.write(
        out.resolve("node-3-other-engine.pb"),
        TpmSimulator.builder().engine(OTHER_ENGINE).build().generate().attestation());
    Files.write(
        out.resolve("node-3-no-ak-certificate.pb"),
        TpmSimulator.builder().certificate(false).build().generate().attestation());
    for (TpmDefect d : TpmDefect.values()) {
      Files.write(
          out.resolve("broken").resolve(d.slug() + ".pb"),
          TpmSimulator.builder().defect(d).build().generate().attestation());
    }
    System.out.println("wrote examples to " + out.toAbsolutePath().normalize());
    System.out.println("nonce " + Hex.of(TpmSimulator.NONCE));
    System.out.println("sha256:pcr15 " + Hex.of(node3.pcrs().get(TpmHash.SHA256).get(15)));
    for (String n : new String[] {"node-3", "node-4"}) {
      System.out.println(
          n + " AK " + Hex.of(Digests.sha256(SimAk.rsa(n).publicKey().getEncoded())));
    }
    System.out.println(
        "node-5 AK " + Hex.of(Digests.sha256(SimAk.ecc("node-5").publicKey().getEncoded())));
  }

  private static String pem(SimulatedTpm sim) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(sim.akCaRoot().getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
