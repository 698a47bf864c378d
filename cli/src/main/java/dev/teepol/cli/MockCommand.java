package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.MockAttestation;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.mock.MockAnswer;
import dev.teepol.providers.mock.MockChallenge;
import dev.teepol.providers.mock.MockKeys;
import dev.teepol.providers.mock.MockMac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code teepol mock}: the development attester (Blindference tier 0), for pipelines and local
 * development. It proves that whoever answered holds the key, never that anything runs in a TEE.
 */
@Command(
    name = "mock",
    mixinStandardHelpOptions = true,
    description = {
      "The development attester: an HMAC-SHA256 challenge-response (Blindference tier 0).",
      "%n  teepol mock challenge > challenge.json",
      "  teepol mock attest --key-env MOCK_KEY challenge.json > answer.json",
      "  teepol verify answer.json --mock-key key.txt --nonce <the challenge's nonce> --policy P",
      "%nAn answer proves only that its author holds the key: its evidence is always platform.tee"
          + " = mock, which builtin:strict denies. Allow it in a policy with substrate.tee: [mock] (lint"
          + " warns); an answer made with a published default key (weloveblindference) is refused unless"
          + " the policy also names it in substrate.allowPublishedMockKeys.%n"
    },
    footer = {"%nRun 'teepol mock COMMAND --help' for the options of a command."})
public final class MockCommand implements Callable<Integer> {
  /** Longest lifetime a challenge may be given: an answer is meant to be used at once. */
  static final Duration MAX_TTL = Duration.ofHours(24);

  private final CliEnvironment env;

  public MockCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    env.err()
        .println(
            "teepol: mock: missing subcommand: challenge or attest (see 'teepol mock --help')");
    return ExitCodes.INPUT;
  }

  /** {@code teepol mock challenge}. */
  @Command(
      name = "challenge",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Issue a challenge: prints one JSON object {challengeId, nonce, issuedAt, expiresAt} with a fresh"
            + " random 32-byte nonce. Keep it: the nonce is what you pass to 'teepol verify --nonce' when"
            + " the answer comes back.%n"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:printed", "2:bad usage"})
  static final class Challenge implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        defaultValue = "5m",
        description =
            "How long the challenge may be answered: 90s, 5m, 2h (default ${DEFAULT-VALUE}, at most 24h).")
    String ttl;

    @Option(
        names = "--at",
        paramLabel = "TIME",
        description = "Issue it as of this instant (ISO 8601 or unix seconds). Default: now.")
    String at;

    @Option(
        names = "--id",
        paramLabel = "ID",
        description =
            "The challenge id (1..64 of A-Z a-z 0-9 . _ -). Default: c- and 16 random hex digits.")
    String id;

    @Option(
        names = "--nonce",
        paramLabel = "HEX",
        description =
            "Use this nonce (1..64 bytes of hex) instead of a random one: for reproducible tests only.")
    String nonce;

    Challenge(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws InputException {
      SecureRandom random = new SecureRandom();
      Instant issued;
      try {
        issued =
            (at == null ? env.wallClock().instant() : Instants.parse(at))
                .truncatedTo(ChronoUnit.SECONDS);
      } catch (IllegalArgumentException e) {
        throw new InputException("--at", e.getMessage());
      }
      byte[] n = new byte[32];
      if (nonce == null) {
        random.nextBytes(n);
      } else {
        n = VerifierSetup.nonce(nonce).orElseThrow();
      }
      byte[] idBytes = new byte[8];
      random.nextBytes(idBytes);
      MockChallenge c =
          new MockChallenge(
              id == null ? "c-" + Hex.of(idBytes) : id, n, issued, issued.plus(duration(ttl)));
      // Printed through the answer's own parser, so an --id it would refuse is refused here.
      try {
        MockAnswer.parseChallenge(
            c.toJson().build().toString().getBytes(StandardCharsets.UTF_8), Limits.DEFAULT);
      } catch (ParseException e) {
        throw new InputException("--id", e.getMessage());
      }
      env.out().println(c.toJson().build());
      return ExitCodes.ALLOW;
    }

    /** {@code 90s}, {@code 5m}, {@code 2h}: one number and one unit, read with one scan. */
    static Duration duration(String text) throws InputException {
      String t = text.strip();
      if (t.length() < 2 || t.length() > 9) {
        throw new InputException("--ttl", "'" + text + "' is not a duration such as 90s, 5m or 2h");
      }
      long n = 0;
      for (int i = 0; i < t.length() - 1; i++) {
        char c = t.charAt(i);
        if (c < '0' || c > '9') {
          throw new InputException(
              "--ttl", "'" + text + "' is not a duration such as 90s, 5m or 2h");
        }
        n = n * 10 + (c - '0');
      }
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default ->
                throw new InputException(
                    "--ttl", "'" + text + "' is not a duration such as 90s, 5m or 2h");
          };
      if (d.isZero() || d.compareTo(MAX_TTL) > 0) {
        throw new InputException("--ttl", "must be between 1s and 24h, got " + text);
      }
      return d;
    }
  }

  /** Exactly one source of the key. */
  static final class KeySource {
    @Option(
        names = "--key",
        paramLabel = "FILE",
        required = true,
        description = "File holding the shared HMAC key (its text; a trailing newline is ignored).")
    Path file;

    @Option(
        names = "--key-env",
        paramLabel = "VAR",
        required = true,
        description = "Environment variable holding the shared HMAC key.")
    String variable;

    /** The key bytes, or the one-line reason there are none. */
    byte[] read(CliEnvironment env) throws InputException {
      byte[] text;
      String where;
      if (file != null) {
        where = file.toString();
        try {
          text = BoundedFiles.read(file, Limits.DEFAULT.maxAnchorBytes(), "the key file");
        } catch (NoSuchFileException e) {
          throw new InputException(where, "no such file");
        } catch (LimitExceededException e) {
          throw new InputException(where, e.getMessage() + ": too large for a key");
        } catch (IOException e) {
          throw new InputException(where, "cannot read: " + e.getMessage());
        }
      } else {
        where = "--key-env " + variable;
        String v = env.environment().get(variable);
        if (v == null) {
          throw new InputException(where, "the environment variable is not set");
        }
        text = v.getBytes(StandardCharsets.UTF_8);
      }
      try {
        return MockKeys.fromText(text);
      } catch (IllegalArgumentException e) {
        throw new InputException(where, e.getMessage());
      }
    }
  }

  /** {@code teepol mock attest}. */
  @Command(
      name = "attest",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Answer a challenge: reads the challenge JSON (a file, or - for standard input) and prints the"
            + " answer, the challenge with its HMAC-SHA256 under the shared key (docs/providers/mock.md).%n"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:printed",
        "2:bad usage, an unreadable key, or a challenge that does not decode"
      })
  static final class Attest implements Callable<Integer> {
    private final CliEnvironment env;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource key;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "CHALLENGE",
        description =
            "The challenge file as 'teepol mock challenge' printed it; - or nothing: standard input.")
    Path challenge;

    Attest(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws InputException {
      byte[] k = key.read(env);
      String where = challenge == null ? VerifierSetup.STDIN : challenge.toString();
      byte[] text;
      try {
        int limit = Limits.DEFAULT.maxJwtBytes();
        text =
            where.equals(VerifierSetup.STDIN)
                ? BoundedFiles.read(env.in(), limit, "standard input")
                : BoundedFiles.read(challenge, limit, where);
      } catch (NoSuchFileException e) {
        throw new InputException(where, "no such file");
      } catch (LimitExceededException e) {
        throw new InputException(where, e.getMessage());
      } catch (IOException e) {
        throw new InputException(where, "cannot read: " + e.getMessage());
      }
      MockChallenge c;
      try {
        c = MockAnswer.parseChallenge(text, Limits.DEFAULT);
      } catch (ParseException e) {
        throw new InputException(where, "not a mock challenge: " + e.getMessage());
      }
      String published = new String(k, StandardCharsets.UTF_8);
      if (MockAttestation.PUBLISHED_KEYS.contains(published)) {
        env.err()
            .println(
                "teepol: warning: '"
                    + published
                    + "' is a published key: anyone can compute this answer, and policies refuse it"
                    + " unless they name it");
        env.err().flush();
      }
      env.out().println(new MockAnswer(c, MockMac.compute(k, c)).toJson());
      return ExitCodes.ALLOW;
    }
  }
}
