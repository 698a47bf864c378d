package dev.teepol.verifier.bundle;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A released set of policies: the policy files and their test suites (text), the SHA-256 of every
 * evidence fixture the suites name, a name and a version that only grows. Its one serialization
 * ({@link #canonicalBytes()}: fixed member order, entries sorted by path, no whitespace) is what is
 * signed, and {@link #parse} accepts only that serialization, so one bundle has one byte string.
 *
 * @param version a positive integer; a verifier refuses a bundle older than one it accepted
 */
public record PolicyBundle(
    String name,
    long version,
    List<TextFile> policies,
    List<TextFile> suites,
    List<Fixture> fixtures) {
  /** The {@code format} member every bundle carries. */
  public static final String FORMAT = "teepol.dev/policy-bundle/v1";

  private static final JsonProvider JSON = JsonProvider.provider();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** A policy or suite: its path inside the bundle, its text and the text's SHA-256. */
  public record TextFile(String path, String sha256, String text) {
    /** A file entry whose digest is computed from its text. */
    public static TextFile of(String path, String text) {
      return new TextFile(path, PolicyBundle.sha256(text.getBytes(StandardCharsets.UTF_8)), text);
    }
  }

  /** Evidence a suite names, by digest only: the bundle pins it, it does not carry it. */
  public record Fixture(String path, String sha256) {}

  public PolicyBundle {
    policies = sorted(policies, TextFile::path);
    suites = sorted(suites, TextFile::path);
    fixtures = sorted(fixtures, Fixture::path);
  }

  private static <T> List<T> sorted(List<T> l, java.util.function.Function<T, String> path) {
    return l.stream().sorted(Comparator.comparing(path)).toList();
  }

  /** The policy at {@code path}, if the bundle has it. */
  public Optional<TextFile> policy(String path) {
    return policies.stream().filter(p -> p.path().equals(path)).findFirst();
  }

  /** The one serialization of this bundle, UTF-8 JSON ending in a newline. */
  public byte[] canonicalBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject().write("format", FORMAT).write("name", name).write("version", version);
      g.writeStartArray("policies");
      policies.forEach(
          f ->
              g.writeStartObject()
                  .write("path", f.path())
                  .write("sha256", f.sha256())
                  .write("text", f.text())
                  .writeEnd());
      g.writeEnd();
      g.writeStartArray("suites");
      suites.forEach(
          f ->
              g.writeStartObject()
                  .write("path", f.path())
                  .write("sha256", f.sha256())
                  .write("text", f.text())
                  .writeEnd());
      g.writeEnd();
      g.writeStartArray("fixtures");
      fixtures.forEach(
          f -> g.writeStartObject().write("path", f.path()).write("sha256", f.sha256()).writeEnd());
      g.writeEnd();
      g.writeEnd();
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** SHA-256 of the canonical bytes, hex: the bundle's identity in version files and reports. */
  public String digest() {
    return sha256(canonicalBytes());
  }

  /**
   * Reads a bundle, checking every field and bound, and that the bytes are its canonical
   * serialization.
   *
   * @throws BundleException naming the field at fault
   */
  public static PolicyBundle parse(byte[] bytes) throws BundleException {
    if (bytes.length > Limits.MAX_POLICY_BUNDLE_BYTES) {
      throw new BundleException(
          "bundle is "
              + bytes.length
              + " bytes, over the limit of "
              + Limits.MAX_POLICY_BUNDLE_BYTES);
    }
    JsonObject o;
    try (JsonReader r = JSON.createReader(new ByteArrayInputStream(bytes))) {
      o = r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new BundleException("bundle is not a JSON object: " + e.getMessage(), e);
    }
    Set<String> members = Set.of("format", "name", "version", "policies", "suites", "fixtures");
    for (String k : o.keySet()) {
      if (!members.contains(k)) {
        throw new BundleException("bundle: unknown member '" + k + "'");
      }
    }
    if (!FORMAT.equals(string(o, "format", "bundle"))) {
      throw new BundleException("bundle.format must be " + FORMAT);
    }
    String name = string(o, "name", "bundle");
    if (!NAME.matcher(name).matches()) {
      throw new BundleException(
          "bundle.name '" + name + "' must be 1-128 letters, digits, '_', '-' or '.'");
    }
    JsonValue v = o.get("version");
    if (!(v instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigIntegerValue().bitLength() > 62
        || n.longValue() < 1) {
      throw new BundleException("bundle.version must be a positive integer");
    }
    List<TextFile> policies = texts(o, "policies");
    List<TextFile> suites = texts(o, "suites");
    List<Fixture> fixtures = new ArrayList<>();
    for (JsonObject f : objects(o, "fixtures")) {
      String where = "bundle.fixtures[" + fixtures.size() + "]";
      fixtures.add(new Fixture(path(string(f, "path", where), where, true), digest(f, where)));
    }
    if (policies.size() + suites.size() + fixtures.size() > Limits.MAX_POLICY_BUNDLE_FILES) {
      throw new BundleException(
          "bundle lists more than " + Limits.MAX_POLICY_BUNDLE_FILES + " files");
    }
    if (policies.isEmpty()) {
      throw new BundleException("bundle.policies is empty: a bundle releases at least one policy");
    }
    PolicyBundle b = new PolicyBundle(name, n.longValue(), policies, suites, fixtures);
    if (!java.util.Arrays.equals(b.canonicalBytes(), bytes)) {
      // One bundle, one byte string: what was signed is exactly what is read, nothing reordered.
      throw new BundleException(
          "bundle is not in canonical form (re-create it with teepol bundle create)");
    }
    return b;
  }

  private static List<TextFile> texts(JsonObject o, String key) throws BundleException {
    List<TextFile> out = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    int limit =
        key.equals("policies") ? Limits.DEFAULT.maxPolicyBytes() : Limits.DEFAULT.maxSuiteBytes();
    for (JsonObject f : objects(o, key)) {
      String where = "bundle." + key + "[" + out.size() + "]";
      String path = path(string(f, "path", where), where, false);
      if (!paths.add(path)) {
        throw new BundleException(where + ".path: duplicate '" + path + "'");
      }
      String text = string(f, "text", where);
      if (text.length() > limit) {
        throw new BundleException(where + ".text is over the limit of " + limit + " characters");
      }
      String sha = digest(f, where);
      if (!sha.equals(sha256(text.getBytes(StandardCharsets.UTF_8)))) {
        throw new BundleException(where + ".sha256 does not match its text");
      }
      out.add(new TextFile(path, sha, text));
    }
    return out;
  }

  private static List<JsonObject> objects(JsonObject o, String key) throws BundleException {
    if (!(o.get(key) instanceof JsonArray a)) {
      throw new BundleException("bundle." + key + " must be a list");
    }
    if (a.size() > Limits.MAX_POLICY_BUNDLE_FILES) {
      throw new BundleException(
          "bundle." + key + " lists more than " + Limits.MAX_POLICY_BUNDLE_FILES + " files");
    }
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof JsonObject x)) {
        throw new BundleException("bundle." + key + "[" + i + "] must be an object");
      }
      out.add(x);
    }
    return out;
  }

  private static String string(JsonObject o, String key, String where) throws BundleException {
    if (!(o.get(key) instanceof JsonString s)) {
      throw new BundleException(where + "." + key + " must be a string");
    }
    return s.getString();
  }

  private static String digest(JsonObject f, String where) throws BundleException {
    String d = string(f, "sha256", where);
    if (!SHA256.matcher(d).matches()) {
      throw new BundleException(where + ".sha256 must be 64 lowercase hex digits");
    }
    return d;
  }

  /** A relative path with '/' separators; {@code ..} only for fixtures outside the bundle root. */
  static String path(String p, String where, boolean parentAllowed) throws BundleException {
    if (p.isEmpty()
        || p.length() > 1024
        || p.startsWith("/")
        || p.contains("\\")
        || p.contains("\0")) {
      throw new BundleException(
          where + ".path '" + p + "' must be a relative path with '/' separators");
    }
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || (seg.equals("..") && !parentAllowed)) {
        throw new BundleException(
            where + ".path '" + p + "' must be a normalized relative path inside the bundle");
      }
    }
    return p;
  }

  static String sha256(byte[] b) {
    return Hex.of(Digests.sha256(b));
  }
}
