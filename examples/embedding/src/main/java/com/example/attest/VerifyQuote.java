package com.example.attest;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Verifies the bundled simulated TDX quote with a policy and prints the decision and every check
 * that did not pass. Arguments: the evidence directory (examples/tdx) and the policy file.
 */
public final class VerifyQuote {
  private VerifyQuote() {}

  public static void main(String[] args) throws Exception {
    Path tdx = Path.of(args.length > 0 ? args[0] : "examples/tdx");
    Path policy = Path.of(args.length > 1 ? args[1] : "examples/embedding/policy.yaml");

    // Build once, share everywhere: a verifier is immutable, thread-safe and owns its caches.
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policy(policy) // or .policy("builtin:strict")
            .collateralDirectory(tdx.resolve("collateral")) // or .pcs(URI), or offline by default
            .trustAnchor(tdx.resolve("root_ca.der")) // the simulator's test root, not Intel's
            .clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build()) { // compiles the policy: errors throw, with file:line:col
      VerificationResult r = v.verify(Files.readAllBytes(tdx.resolve("quote.bin")));
      System.out.println(
          "decision: "
              + r.decision()
              + " ("
              + r.provider()
              + ", policy "
              + r.policy().name()
              + " v"
              + r.policy().version()
              + ", "
              + r.checks().size()
              + " checks)");
      for (CheckResult c : r.checks()) {
        if (!c.passed()) {
          System.out.println("  " + c.outcome().label() + " " + c.id() + ": " + c.explanation());
        }
      }
      System.out.println("mrtd: " + r.evidence().measurements().get("mrtd"));
      if (!r.allowed()) {
        System.exit(1);
      }
    }
  }
}
