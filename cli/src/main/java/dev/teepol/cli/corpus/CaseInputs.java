package dev.teepol.cli.corpus;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.cli.Instants;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verification inputs a case's expected.json gives, and nothing else from it: the runner must
 * not see expected verdicts or values, so this is the only place that opens the file and it reads
 * exactly these keys (the clock, the nonce, the audience).
 *
 * @param at the instant to verify at; empty means the wall clock
 * @param clockSource the key {@code at} came from, or "wall clock"
 * @param nonce the expected freshness nonce ({@code request_nonce} or {@code nonce_hex}, hex; or
 *     {@code expected_eat_nonce}, the text a token's eat_nonce was asked for, as UTF-8)
 * @param audience the audience a token was asked for ({@code expected_audience})
 * @param releaseIdentities the release signers a relying party pins ({@code policy_inputs} of a
 *     {@code tinfoil} case: its repositories, OIDC issuer and SAN pattern); never an expected
 *     result
 */
record CaseInputs(
    Optional<Instant> at,
    String clockSource,
    Optional<byte[]> nonce,
    Optional<String> audience,
    List<ReleaseIdentity> releaseIdentities) {
  static final String FILE = "expected.json";
  static final long MAX_BYTES = 1 << 20;

  static CaseInputs read(Path caseDir) throws CaseFailure {
    Path file = caseDir.resolve(FILE);
    JsonObject o = parse(file);
    Optional<Instant> at = Optional.empty();
    String source = dev.teepol.cli.report.TextReport.WALL_CLOCK;
    // A key whose value is null says "no time given", like an absent key (tpm cases write it so).
    if (present(o, "verify_at_unix")) {
      at = Optional.of(Instant.ofEpochSecond(unixSeconds(o.get("verify_at_unix"))));
      source = "verify_at_unix";
    } else if (present(o, "verify_at")) {
      at = Optional.of(instant(o.get("verify_at")));
      source = "verify_at";
    }
    Optional<byte[]> nonce = Optional.empty();
    for (String key : new String[] {"request_nonce", "nonce_hex"}) {
      if (o.containsKey(key)) {
        nonce = Optional.of(hex(key, o.get(key)));
        break;
      }
    }
    // The relying party's inputs for tokens (corpus README, confidential-space): what it asked the
    // token for, never what the token should be judged.
    if (nonce.isEmpty() && o.containsKey("expected_eat_nonce")) {
      nonce =
          Optional.of(
              text("expected_eat_nonce", o.get("expected_eat_nonce"))
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Optional<String> audience =
        o.containsKey("expected_audience")
            ? Optional.of(text("expected_audience", o.get("expected_audience")))
            : Optional.empty();
    return new CaseInputs(at, source, nonce, audience, releaseIdentities(o));
  }

  private static String text(String key, JsonValue v) throws CaseFailure {
    if (!(v instanceof JsonString s) || s.getString().isEmpty()) {
      throw new CaseFailure(FILE + ": " + key + ": not a non-empty string");
    }
    return s.getString();
  }

  /**
   * {@code policy_inputs}: {@code deployment_repo} and {@code hardware_measurements_repo} (either
   * may be null), {@code oidc_issuer} and {@code san_pattern} with {@code {repo}} for each.
   */
  private static List<ReleaseIdentity> releaseIdentities(JsonObject o) throws CaseFailure {
    if (!(o.get("policy_inputs") instanceof JsonObject in)) {
      return List.of();
    }
    try {
      String issuer = in.getString("oidc_issuer");
      String pattern = in.getString("san_pattern");
      List<ReleaseIdentity> out = new ArrayList<>();
      for (String key : List.of("deployment_repo", "hardware_measurements_repo")) {
        if (in.get(key) instanceof JsonString repo) {
          out.add(ReleaseIdentity.github(repo.getString(), issuer, pattern));
        }
      }
      return out;
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new CaseFailure(FILE + ": policy_inputs: " + e.getMessage());
    }
  }

  private static boolean present(JsonObject o, String key) {
    return o.containsKey(key) && o.get(key) != JsonValue.NULL;
  }

  private static JsonObject parse(Path file) throws CaseFailure {
    try {
      if (!Files.isRegularFile(file)) {
        throw new CaseFailure(FILE + ": missing (every corpus case has one)");
      }
      String text = BoundedFiles.readUtf8(file, MAX_BYTES, FILE);
      try (JsonReader r = JSON.createReader(new StringReader(text))) {
        return r.readObject();
      }
    } catch (LimitExceededException e) {
      throw new CaseFailure(e.getMessage());
    } catch (IOException e) {
      throw new CaseFailure(FILE + ": cannot read: " + e.getMessage());
    } catch (JsonException | IllegalStateException e) {
      throw new CaseFailure(FILE + ": not a JSON object: " + e.getMessage());
    }
  }

  private static long unixSeconds(JsonValue v) throws CaseFailure {
    if (v instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        throw new CaseFailure(FILE + ": verify_at_unix: out of range");
      }
    }
    throw new CaseFailure(FILE + ": verify_at_unix: not an integer");
  }

  private static Instant instant(JsonValue v) throws CaseFailure {
    if (!(v instanceof JsonString s)) {
      throw new CaseFailure(FILE + ": verify_at: not a string");
    }
    try {
      return Instants.parse(s.getString());
    } catch (IllegalArgumentException e) {
      throw new CaseFailure(FILE + ": verify_at: " + e.getMessage());
    }
  }

  private static byte[] hex(String key, JsonValue v) throws CaseFailure {
    if (!(v instanceof JsonString s)) {
      throw new CaseFailure(FILE + ": " + key + ": not a string");
    }
    try {
      return Hex.decode(s.getString());
    } catch (IllegalArgumentException e) {
      throw new CaseFailure(FILE + ": " + key + ": not hex: " + e.getMessage());
    }
  }
}
