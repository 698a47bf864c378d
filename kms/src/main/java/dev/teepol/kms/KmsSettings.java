package dev.teepol.kms;

import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a broker keeps its secrets and which master keys it holds (docs/kms.md, configuration).
 *
 * @param jdbcUrl {@code jdbc:h2:file:...} (default: an H2 file) or {@code jdbc:postgresql://...}
 * @param user database user ("" when the URL carries it, or from {@code TEEPOL_KMS_DB_USER})
 * @param password database password ("" when none, or from {@code TEEPOL_KMS_DB_PASSWORD})
 * @param masterKey file with the current master key (base64 or hex); empty: the environment
 *     variable {@code TEEPOL_KMS_MASTER_KEY}
 * @param previousMasterKeys older keys still unwrapping rows during a rotation
 * @param releasesPerWindow release attempts allowed per secret per {@code window}, all replicas
 * @param window the rate-limit window
 * @param nonceTtl how long a challenge nonce can be used
 * @param audience the audience Confidential Space tokens must be issued to (this broker's URL);
 *     empty: every such token is refused
 */
public record KmsSettings(
    String jdbcUrl,
    String user,
    String password,
    Optional<Path> masterKey,
    List<Path> previousMasterKeys,
    int releasesPerWindow,
    Duration window,
    Duration nonceTtl,
    Optional<String> audience) {
  public static final String MASTER_KEY_ENV = "TEEPOL_KMS_MASTER_KEY";

  public KmsSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    previousMasterKeys = List.copyOf(previousMasterKeys);
    Objects.requireNonNull(audience, "audience");
    if (audience.filter(String::isEmpty).isPresent()) {
      throw new IllegalArgumentException("the kms audience must not be empty");
    }
    if (releasesPerWindow < 1) {
      throw new IllegalArgumentException("the release rate limit must be at least 1");
    }
  }

  /** Defaults for everything but where the database is. */
  public static KmsSettings of(String jdbcUrl) {
    return new KmsSettings(
        jdbcUrl,
        "",
        "",
        Optional.empty(),
        List.of(),
        60,
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Optional.empty());
  }

  public KmsSettings withMasterKey(Path file) {
    return new KmsSettings(
        jdbcUrl,
        user,
        password,
        Optional.of(file),
        previousMasterKeys,
        releasesPerWindow,
        window,
        nonceTtl,
        audience);
  }

  public KmsSettings withPreviousMasterKeys(List<Path> files) {
    return new KmsSettings(
        jdbcUrl, user, password, masterKey, files, releasesPerWindow, window, nonceTtl, audience);
  }

  public KmsSettings withRateLimit(int n, Duration per) {
    return new KmsSettings(
        jdbcUrl, user, password, masterKey, previousMasterKeys, n, per, nonceTtl, audience);
  }

  /** Confidential Space tokens must be issued to {@code aud} (docs/kms.md). */
  public KmsSettings withAudience(String aud) {
    return new KmsSettings(
        jdbcUrl,
        user,
        password,
        masterKey,
        previousMasterKeys,
        releasesPerWindow,
        window,
        nonceTtl,
        Optional.of(aud));
  }

  public KmsSettings withCredentials(String u, String p) {
    return new KmsSettings(
        jdbcUrl,
        u,
        p,
        masterKey,
        previousMasterKeys,
        releasesPerWindow,
        window,
        nonceTtl,
        audience);
  }

  /** Credentials from the environment when none were given. */
  public KmsSettings withEnvironment(Map<String, String> env) {
    String u = user.isEmpty() ? env.getOrDefault("TEEPOL_KMS_DB_USER", "") : user;
    String p = password.isEmpty() ? env.getOrDefault("TEEPOL_KMS_DB_PASSWORD", "") : password;
    return withCredentials(u, p);
  }

  /** The keys: the current one from its file or the environment, then the previous ones. */
  public Keyring keyring(Map<String, String> env) throws IOException {
    MasterKey current;
    if (masterKey.isPresent()) {
      current = MasterKey.read(masterKey.get());
    } else {
      String v = env.get(MASTER_KEY_ENV);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(
            "no master key: give --kms-master-key FILE or set " + MASTER_KEY_ENV);
      }
      current = MasterKey.parse(v, MASTER_KEY_ENV);
    }
    List<MasterKey> older = new ArrayList<>();
    for (Path p : previousMasterKeys) {
      older.add(MasterKey.read(p));
    }
    return Keyring.of(current, older.toArray(MasterKey[]::new));
  }
}
