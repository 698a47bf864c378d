package dev.teepol.verifier.review;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The simulated TDX evidence of examples/tdx, verified as teepol pin verifies it. */
final class ReviewFixtures {
  static final Path TDX = Path.of("..", "examples", "tdx");
  static final Path POLICIES = Path.of("..", "examples", "policies");
  static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  private ReviewFixtures() {}

  static Observed observe(Path quote) throws Exception {
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .collateralDirectory(TDX.resolve("collateral"))
            .trustAnchor(TDX.resolve("root_ca.der"))
            .clock(Clock.fixed(AT, ZoneOffset.UTC))
            .build()) {
      byte[] bytes = Files.readAllBytes(quote);
      VerificationResult r = v.verify(bytes);
      return Observed.of(quote.getFileName().toString(), Hex.of(Digests.sha256(bytes)), r);
    }
  }
}
