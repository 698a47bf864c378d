package dev.teepol.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code teepol serve --config FILE}: the service configured from one YAML file, with the same
 * names as the flags (docs/service.md), and environment variables that override single keys (for
 * the container: {@link #ENVIRONMENT}). Unknown keys are errors, so a typo never silently leaves a
 * default in place. Relative paths are resolved against the file's directory.
 */
public final class ServerConfigFile {
  /** Environment variable → configuration key it sets. deploy/ uses these names (tested). */
  public static final Map<String, String> ENVIRONMENT =
      Map.of(
          "TEEPOL_LISTEN", "listen",
          "TEEPOL_POLICIES", "policies",
          "TEEPOL_SIGNING_KEY", "signingKey",
          "TEEPOL_CHALLENGE_KEY", "challengeKey",
          "TEEPOL_PCS_URL", "pcsUrl",
          "TEEPOL_MAX_CONCURRENT", "maxConcurrent",
          "TEEPOL_VERDICT_CACHE_TTL", "verdictCacheTtl");

  static final Set<String> KEYS =
      Set.of(
          "listen",
          "policies",
          "defaultPolicy",
          "tlsCert",
          "tlsKey",
          "signingKey",
          "challengeKey",
          "collateral",
          "pcs",
          "pcsUrl",
          "nras",
          "nrasLive",
          "trustAnchors",
          "bundleVersionFile",
          "bundleSigners",
          "maxRequestBytes",
          "maxEvidenceBytes",
          "maxConcurrent",
          "requestTimeout",
          "challengeTtl",
          "verdictCacheTtl",
          "drainTimeout",
          "reloadInterval");

  private ServerConfigFile() {}

  /** A configuration problem, naming the key (or file) and what is wrong. */
  public static final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code file} (may be absent: environment only) and applies the environment on top.
   *
   * @param base flags already given; the file and the environment fill in what they name
   */
  public static ServerConfig.Builder read(
      Path file, Map<String, String> env, ServerConfig.Builder base) throws ConfigException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> anchors = new ArrayList<>();
    List<String> signers = new ArrayList<>();
    Path dir = Path.of(".");
    if (file != null) {
      dir = file.toAbsolutePath().getParent();
      JsonNode root;
      try {
        String text = BoundedFiles.readUtf8(file, Limits.DEFAULT.maxPolicyBytes(), "configuration");
        root = new ObjectMapper(new YAMLFactory()).readTree(text);
      } catch (LimitExceededException e) {
        throw new ConfigException(file + ": " + e.getMessage());
      } catch (IOException e) {
        throw new ConfigException(file + ": " + firstLine(e.getMessage()));
      }
      if (root == null || !root.isObject()) {
        throw new ConfigException(file + ": not a YAML mapping of settings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (!KEYS.contains(key)) {
          throw new ConfigException(
              file + ": unknown key '" + key + "' (known: " + String.join(", ", sorted()) + ")");
        }
        JsonNode v = e.getValue();
        if (key.equals("trustAnchors")) {
          if (!v.isArray()) {
            throw new ConfigException(file + ": trustAnchors must be a list of files");
          }
          v.forEach(a -> anchors.add(a.asText()));
        } else if (key.equals("bundleSigners")) {
          if (!v.isArray()) {
            throw new ConfigException(file + ": bundleSigners must be a list of PEM public keys");
          }
          v.forEach(a -> signers.add(a.asText()));
        } else if (v.isValueNode()) {
          values.put(key, v.asText());
        } else {
          throw new ConfigException(file + ": " + key + " must be a single value");
        }
      }
    }
    for (Map.Entry<String, String> e : ENVIRONMENT.entrySet()) {
      String v = env.get(e.getKey());
      if (v != null && !v.isBlank()) {
        values.put(e.getValue(), v.trim());
      }
    }
    apply(values, anchors, dir, base);
    if (!signers.isEmpty()) {
      Path at = dir;
      base.bundleSigners(signers.stream().map(at::resolve).toList());
    }
    return base;
  }

  private static List<String> sorted() {
    return KEYS.stream().sorted().toList();
  }

  private static void apply(
      Map<String, String> v, List<String> anchors, Path dir, ServerConfig.Builder b)
      throws ConfigException {
    for (Map.Entry<String, String> e : v.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      try {
        switch (key) {
          case "listen" -> {
            HostPort hp = HostPort.parse(value);
            b.host(hp.host()).port(hp.port());
          }
          case "policies" -> b.policies(dir.resolve(value));
          case "defaultPolicy" -> b.defaultPolicy(value);
          case "tlsCert" -> {} // applied with tlsKey below
          case "tlsKey" -> {}
          case "signingKey" -> b.signingKey(dir.resolve(value));
          case "challengeKey" -> b.challengeKey(dir.resolve(value));
          case "collateral" -> b.collateralDirectory(dir.resolve(value));
          case "pcs" -> {
            if (bool(value)) {
              b.pcs(dev.teepol.providers.tdx.collateral.PcsHttpCollateralSource.INTEL_PCS);
            }
          }
          case "pcsUrl" -> b.pcs(URI.create(value));
          case "nras" -> b.nrasDirectory(dir.resolve(value));
          case "nrasLive" -> b.nrasLive(bool(value));
          case "maxRequestBytes" -> b.limitsUpdate(l -> l.withMaxRequestBytes(positive(value)));
          case "maxEvidenceBytes" -> b.limitsUpdate(l -> withEvidence(l, positive(value)));
          case "maxConcurrent" -> b.maxConcurrent((int) positive(value));
          case "requestTimeout" -> b.requestTimeout(duration(value));
          case "challengeTtl" -> b.challengeTtl(duration(value));
          case "verdictCacheTtl" -> b.verdictCacheTtl(durationOrZero(value));
          case "drainTimeout" -> b.drainTimeout(duration(value));
          case "reloadInterval" -> b.reloadInterval(duration(value));
          case "bundleVersionFile" -> b.bundleVersionFile(dir.resolve(value));
          default -> throw new ConfigException("unknown key '" + key + "'");
        }
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(key + ": " + ex.getMessage());
      }
    }
    if (v.containsKey("tlsCert") != v.containsKey("tlsKey")) {
      throw new ConfigException("tlsCert and tlsKey go together");
    }
    if (v.containsKey("tlsCert")) {
      b.tls(dir.resolve(v.get("tlsCert")), dir.resolve(v.get("tlsKey")));
    }
    if (!anchors.isEmpty()) {
      b.trustAnchors(anchors.stream().map(a -> anchor(dir, a)).toList());
    }
  }

  static Limits withEvidence(Limits l, long bytes) {
    return new Limits(
        bytes,
        l.maxQuoteBytes(),
        l.maxCertChainLength(),
        l.maxCollateralBytes(),
        l.maxJsonDepth(),
        l.maxEventLogEntries(),
        l.maxJwtBytes(),
        l.maxAttestedParts(),
        l.maxDecompressedBytes(),
        l.maxNameChars(),
        l.maxJwtLifetime(),
        l.maxPolicyBytes(),
        l.maxSuiteBytes(),
        l.maxAnchorBytes(),
        l.maxRequestBytes(),
        l.maxCachedVerdicts());
  }

  private static boolean bool(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
    };
  }

  private static long positive(String s) {
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a whole number");
    }
    if (n < 1) {
      throw new IllegalArgumentException(n + " must be positive");
    }
    return n;
  }

  /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
  public static Duration duration(String s) {
    Duration d = durationOrZero(s);
    if (d.isZero()) {
      throw new IllegalArgumentException("'" + s + "' must be longer than zero");
    }
    return d;
  }

  static Duration durationOrZero(String s) {
    String t = s.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 duration");
      }
    }
    if (t.length() < 2) {
      throw new IllegalArgumentException("'" + s + "' is not a duration such as 30s, 5m, 1h, 1d");
    }
    char unit = t.charAt(t.length() - 1);
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a duration such as 30s, 5m, 1h, 1d");
    }
    if (n < 0) {
      throw new IllegalArgumentException("'" + s + "' is negative");
    }
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default ->
          throw new IllegalArgumentException(
              "'" + s + "' is not a duration such as 30s, 5m, 1h, 1d");
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * A trust anchor relative to the configuration file's folder; a {@code PURPOSE=FILE} declaration
   * keeps its purpose in front, and {@code builtin:NAME} is not a file.
   */
  static Path anchor(Path dir, String reference) {
    if (reference.startsWith(dev.teepol.policy.compile.Policies.BUILTIN_PREFIX)) {
      return Path.of(reference);
    }
    return dev.teepol.verifier.TrustAnchorFile.declaration(reference)
        .map(d -> Path.of(d.getKey() + "=" + dir.resolve(d.getValue())))
        .orElseGet(() -> dir.resolve(reference));
  }
}
