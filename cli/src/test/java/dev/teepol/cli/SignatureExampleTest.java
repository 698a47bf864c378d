package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed verify-signature example (examples/near-signature) works as its README says. */
class SignatureExampleTest {
  static final Path E = Path.of("..", "examples", "near-signature");

  private static CliRun run(String signature, String... more) throws Exception {
    String[] base = {
      "verify-signature",
      "--report",
      E.resolve("report.json").toString(),
      "--request",
      E.resolve("request.json").toString(),
      "--response",
      E.resolve("response.json").toString(),
      "--signature",
      signature,
      "--nonce",
      Files.readString(E.resolve("nonce.txt")).strip(),
      "--at",
      Files.readString(E.resolve("at.txt")).strip(),
      "--collateral",
      E.resolve("collateral").toString(),
      "--nras",
      E.resolve("nras").toString(),
      "--trust-anchor",
      E.resolve("root_ca.der").toString(),
      "--trust-anchor",
      E.resolve("nras_intermediate.der").toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.real(args);
  }

  @Test
  void theCommittedSignatureIsValid() throws Exception {
    CliRun r = run(E.resolve("signature.json").toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out()).contains("✓ signature.key_bound", "signature: VALID");
  }

  @Test
  void aSignatureOverAnotherResponseIsInvalid(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    String sig = Files.readString(E.resolve("signature.json"));
    Path edited =
        Files.writeString(tmp.resolve("sig.json"), sig.replace("sim/qwen:", "sim/other:"));
    CliRun r = run(edited.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out()).contains("✗ signature.text", "signature: INVALID");
  }
}
