package dev.teepol.providers.confidentialspace.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the committed Confidential Space example evidence under {@code
 * examples/confidentialspace}: the test root, a production TDX token (PKI), the same as an OIDC
 * token with its JWKS, and one token per defect under {@code broken/}. Keys are derived and RS256
 * is deterministic, so the output is byte-identical on every run. Run through {@code
 * examples/regenerate.sh}.
 */
public final class GenerateTokenExamples {
  private GenerateTokenExamples() {}

  /** broken/<name>/token.jwt: each one defect away from token.jwt. */
  static Map<String, SimCsToken> broken() {
    Map<String, SimCsToken> m = new LinkedHashMap<>();
    m.put("debug-image", SimCsToken.production().claim("dbgstat", "enabled"));
    m.put(
        "experimental-image",
        SimCsToken.production()
            .submod("confidential_space", "support_attributes", List.of("EXPERIMENTAL")));
    m.put("sev", SimCsToken.production().claim("hwmodel", "GCP_AMD_SEV").without("tdx"));
    m.put(
        "other-image",
        SimCsToken.production()
            .submod(
                "container",
                "image_digest",
                "sha256:0000000000000000000000000000000000000000000000000000000000000bad"));
    m.put(
        "launch-override",
        SimCsToken.production().submod("container", "cmd_override", List.of("/bin/sh")));
    m.put(
        "tcb-out-of-date",
        SimCsToken.production().claim("tdx", Map.of("gcp_attester_tcb_status", "OutOfDate")));
    m.put("bad-signature", SimCsToken.production().flipSignatureBit());
    m.put(
        "forged-root",
        SimCsToken.production()
            .x5c(SimCs.FORGED.chain(SimCs.FORGED.leaf(SimCs.IAT.minusSeconds(86_400), SimCs.EXP)))
            .signWith(SimCs.FORGED.signingKey()));
    return m;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "examples/confidentialspace");
    deleteRecursively(out);
    Files.createDirectories(out);
    Files.write(out.resolve("root_ca.der"), encoded(SimCs.PKI.root()));
    Files.writeString(
        out.resolve("token.jwt"), SimCsToken.production().build(), StandardCharsets.US_ASCII);
    Files.writeString(
        out.resolve("token-oidc.jwt"),
        SimCsToken.production().oidc(SimCs.JWKS_KID).build(),
        StandardCharsets.US_ASCII);
    Files.writeString(out.resolve("jwks.json"), SimCs.jwks() + "\n", StandardCharsets.US_ASCII);
    for (Map.Entry<String, SimCsToken> e : broken().entrySet()) {
      Path dir = out.resolve("broken").resolve(e.getKey());
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("token.jwt"), e.getValue().build(), StandardCharsets.US_ASCII);
    }
    // The Darkbloom coordinator's signed releases (test Sigstore), beside its tokens.
    Path releases = out.resolve("darkbloom");
    Files.createDirectories(releases);
    Files.write(
        releases.resolve("sigstore_trusted_root.json"), SimDarkbloom.SIGSTORE.trustedRoot());
    SimDarkbloom.SIGSTORE.sign(SimDarkbloom.release()).writeTo(releases.resolve("release"));
    SimDarkbloom.SIGSTORE
        .sign(
            SimDarkbloom.release(
                SimDarkbloom.REPO,
                SimCs.IMAGE_MANIFEST,
                dev.teepol.providers.sigstore.sim.Defect.DSSE_BAD_SIGNATURE))
        .writeTo(releases.resolve("release-unsigned"));
    SimDarkbloom.SIGSTORE
        .sign(
            SimDarkbloom.release(
                "someone-else/coordinator",
                SimCs.IMAGE_MANIFEST,
                dev.teepol.providers.sigstore.sim.Defect.NONE))
        .writeTo(releases.resolve("release-other-repo"));
    System.out.println("wrote examples to " + out.toAbsolutePath().normalize());
  }

  private static byte[] encoded(java.security.cert.X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
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
