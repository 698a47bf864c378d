package dev.teepol.cli.corpus;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.cli.Instants;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
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
import java.util.Optional;

/**
 * The verification inputs a case's expected.json gives, and nothing else from it: the runner must
 * not see expected verdicts or values, so this is the only place that opens the file and it reads
 * exactly these keys.
 *
 * @param at the instant to verify at; empty means the wall clock
 * @param clockSource the key {@code at} came from, or "wall clock"
 * @param nonce the expected freshness nonce ({@code request_nonce} or {@code nonce_hex})
 */
record CaseInputs(Optional<Instant> at, String clockSource, Optional<byte[]> nonce) {
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
    return new CaseInputs(at, source, nonce);
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
