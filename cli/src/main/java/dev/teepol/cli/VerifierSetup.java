package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
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

/** What the verifying commands share: flags → a {@link TeepolVerifier}, and its errors → one line and exit 2. */
final class VerifierSetup {
  /** How reports name the wall clock, read once when no --at is given. */
  static final String WALL_CLOCK = dev.teepol.cli.report.TextReport.WALL_CLOCK;

  private VerifierSetup() {}

  /** A builder with the environment's providers and the clock from {@code --at} (or the wall clock, read once). */
  static TeepolVerifier.Builder builder(CliEnvironment env, String at) throws InputException {
    TeepolVerifier.Builder b = TeepolVerifier.builder().providers(env.providers());
    if (at == null) {
      // Read the wall clock once, so the time reported is exactly the time the provider judged at.
      return b.clock(Clock.fixed(env.wallClock().instant(), ZoneOffset.UTC)).clockDescription(WALL_CLOCK);
    }
    try {
      return b.clock(Clock.fixed(Instants.parse(at), ZoneOffset.UTC)).clockDescription("--at");
    } catch (IllegalArgumentException e) {
      throw new InputException("--at", e.getMessage());
    }
  }

  /**
   * Builds the verifier. A policy that does not compile prints every diagnostic (source line, caret,
   * suggestion) on stderr before the one-line error.
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

  /** Verifies a file; a file that cannot be read or judged at all is an {@link InputException}. */
  static VerificationResult verify(TeepolVerifier v, Path file, VerifyOptions options) throws InputException {
    VerificationResult r;
    try {
      r = v.verify(file, options);
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new InputException(file.toString(), e.getMessage().startsWith(file.toString())
          ? e.getMessage().substring(file.toString().length()).strip() : "cannot read: " + e.getMessage());
    }
    if (r.inputProblem().isPresent()) {
      throw new InputException(file.toString(), r.inputProblem().get());
    }
    return r;
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
      return Optional.of(b);
    } catch (IllegalArgumentException e) {
      throw new InputException("--nonce", "not hex: " + e.getMessage());
    }
  }
}
