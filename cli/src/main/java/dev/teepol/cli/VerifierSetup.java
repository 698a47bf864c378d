package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What the verifying commands share: flags → a {@link TeepolVerifier}, and its errors → one line
 * and exit 2.
 */
final class VerifierSetup {
  /** How reports name the wall clock, read once when no --at is given. */
  static final String WALL_CLOCK = dev.teepol.cli.report.TextReport.WALL_CLOCK;

  private VerifierSetup() {}

  /**
   * A builder with the environment's providers and the clock from {@code --at} (or the wall clock,
   * read once).
   */
  static TeepolVerifier.Builder builder(CliEnvironment env, String at) throws InputException {
    TeepolVerifier.Builder b = TeepolVerifier.builder().providers(env.providers());
    if (at == null) {
      // Read the wall clock once, so the time reported is exactly the time the provider judged at.
      // Whole seconds: nobody pins a verification to the nanosecond, and reports stay readable.
      return b.clock(
              Clock.fixed(
                  env.wallClock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                  ZoneOffset.UTC))
          .clockDescription(WALL_CLOCK);
    }
    try {
      return b.clock(Clock.fixed(Instants.parse(at), ZoneOffset.UTC)).clockDescription("--at");
    } catch (IllegalArgumentException e) {
      throw new InputException("--at", e.getMessage());
    }
  }

  /**
   * Builds the verifier. A policy that does not compile prints every diagnostic (source line,
   * caret, suggestion) on stderr before the one-line error.
   */
  static TeepolVerifier build(TeepolVerifier.Builder b, CliEnvironment env) throws InputException {
    try {
      return b.build();
    } catch (TeepolConfigurationException e) {
      if (e.compileErrors().isPresent()) {
        env.err().println(e.compileErrors().get().format());
        env.err().flush();
      }
      throw new InputException(e.where(), e.problem());
    }
  }

  /** How evidence read from standard input is named. */
  static final String STDIN = "-";

  /**
   * Verifies a file, or standard input when the file is {@code -} (read with the same bound); input
   * that cannot be read or judged at all is an {@link InputException}.
   */
  static VerificationResult verify(
      TeepolVerifier v, Path file, VerifyOptions options, CliEnvironment env, Limits limits)
      throws InputException {
    VerificationResult r;
    try {
      if (file.toString().equals(STDIN)) {
        byte[] bytes =
            BoundedFiles.read(
                env.in(),
                (int) Math.min(Integer.MAX_VALUE - 16, limits.maxEvidenceBytes()),
                "standard input");
        r = v.verify(bytes, withName(options, "(stdin)"));
      } else {
        r = v.verify(file, options);
      }
    } catch (LimitExceededException e) {
      throw new InputException(file.toString(), e.getMessage());
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new InputException(
          file.toString(),
          e.getMessage().startsWith(file.toString())
              ? e.getMessage().substring(file.toString().length()).strip()
              : "cannot read: " + e.getMessage());
    }
    if (r.inputProblem().isPresent()) {
      throw new InputException(file.toString(), r.inputProblem().get());
    }
    return r;
  }

  private static VerifyOptions withName(VerifyOptions o, String name) {
    return o.toBuilder().name(name).build();
  }

  /** The --nonce (hex) or --nonce-text (UTF-8) value; at most one of them. */
  static Optional<byte[]> nonce(String hex, String text) throws InputException {
    if (text == null) {
      return nonce(hex);
    }
    if (hex != null) {
      throw new InputException("--nonce-text", "give --nonce or --nonce-text, not both");
    }
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (b.length == 0) {
      throw new InputException("--nonce-text", "empty nonce");
    }
    if (b.length > VerifyOptions.MAX_NONCE_BYTES) {
      throw new InputException(
          "--nonce-text",
          b.length
              + " bytes: no evidence carries a nonce longer than "
              + VerifyOptions.MAX_NONCE_BYTES
              + " bytes");
    }
    return Optional.of(b);
  }

  /** A mock key file (--mock-key), bounded like a trust anchor, its trailing newline removed. */
  static byte[] mockKey(Path file) throws InputException {
    try {
      return dev.teepol.providers.mock.MockKeys.fromText(
          BoundedFiles.read(file, Limits.DEFAULT.maxAnchorBytes(), "the mock key file"));
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file");
    } catch (LimitExceededException e) {
      throw new InputException(file.toString(), e.getMessage() + ": too large for a key");
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InputException(file.toString(), e.getMessage());
    }
  }

  /** A mock key from an environment variable (--mock-key-env). */
  static byte[] mockKeyFromEnv(CliEnvironment env, String variable) throws InputException {
    String v = env.environment().get(variable);
    if (v == null) {
      throw new InputException("--mock-key-env " + variable, "the environment variable is not set");
    }
    try {
      return dev.teepol.providers.mock.MockKeys.fromText(
          v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new InputException("--mock-key-env " + variable, e.getMessage());
    }
  }

  /** The --nonce value: non-empty hex. */
  static Optional<byte[]> nonce(String hex) throws InputException {
    if (hex == null) {
      return Optional.empty();
    }
    try {
      byte[] b = Hex.decode(hex.strip());
      if (b.length == 0) {
        throw new InputException("--nonce", "empty nonce");
      }
      if (b.length > VerifyOptions.MAX_NONCE_BYTES) {
        throw new InputException(
            "--nonce",
            b.length
                + " bytes: no evidence carries a nonce longer than "
                + VerifyOptions.MAX_NONCE_BYTES
                + " bytes (report_data)");
      }
      return Optional.of(b);
    } catch (IllegalArgumentException e) {
      throw new InputException("--nonce", "not hex: " + e.getMessage());
    }
  }
}
