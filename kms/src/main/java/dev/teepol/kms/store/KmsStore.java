package dev.teepol.kms.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.teepol.kms.crypto.Envelope;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The broker's database over JDBC: an embedded H2 file by default, PostgreSQL for several replicas.
 * Flyway applies the schema ({@code dev/teepol/kms/migration}) when the store opens. Every
 * multi-statement change is one transaction; audit appends share the transaction of the change they
 * record, so a change and its audit row commit together or not at all.
 */
public final class KmsStore implements AutoCloseable {
  // Flyway logs every step through java.util.logging at INFO; a CLI call or a test should not
  // print its schema history. Held here so the logger (and its level) is not collected.
  private static final java.util.logging.Logger FLYWAY_LOG = quiet("org.flywaydb");

  private final HikariDataSource ds;
  private final String url;

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  private KmsStore(HikariDataSource ds, String url) {
    this.ds = ds;
    this.url = url;
  }

  /** The JDBC URL of the default embedded store in {@code dir}. */
  public static String h2Url(java.nio.file.Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("kms") + ";LOCK_TIMEOUT=10000";
  }

  /**
   * Opens (and migrates) the store at {@code jdbcUrl}; user and password may be empty when the URL
   * carries them.
   */
  public static KmsStore open(String jdbcUrl, String user, String password, int poolSize) {
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "the kms store is H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...), not "
              + scheme(jdbcUrl));
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    if (!user.isEmpty()) {
      cfg.setUsername(user);
      cfg.setPassword(password);
    }
    // Flyway holds one connection for its lock while it migrates with another.
    cfg.setMaximumPoolSize(Math.max(2, poolSize));
    cfg.setMinimumIdle(1);
    cfg.setPoolName("teepol-kms");
    cfg.setConnectionTimeout(10_000);
    cfg.setInitializationFailTimeout(10_000);
    HikariDataSource ds = new HikariDataSource(cfg);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:dev/teepol/kms/migration")
          .table("kms_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new KmsStore(ds, jdbcUrl);
  }

  private static String scheme(String url) {
    int i = url.indexOf(':', 5);
    return i < 0 ? "'" + url + "'" : url.substring(0, i);
  }

  /** The URL without credentials, for messages. */
  public String where() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  @FunctionalInterface
  public interface Tx<T> {
    T run(Connection c) throws SQLException, GeneralSecurityException;
  }

  /** Runs {@code body} in one transaction; rolls back on any exception. */
  public <T> T inTransaction(Tx<T> body) throws SQLException, GeneralSecurityException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = body.run(c);
        c.commit();
        return t;
      } catch (SQLException | GeneralSecurityException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  // ---- secrets ------------------------------------------------------------------------------

  /** Creates or replaces a secret (a new data key each time), with its audit row. */
  public StoredSecret put(
      String name,
      String policy,
      String policySha256,
      byte[] plaintext,
      MasterKey master,
      Instant now)
      throws SQLException, GeneralSecurityException {
    return inTransaction(
        c -> {
          Optional<StoredSecret> old = lock(c, name);
          long sv = old.map(s -> s.secretVersion() + 1).orElse(1L);
          long pv =
              old.map(
                      s ->
                          s.policySha256().equals(policySha256)
                              ? s.policyVersion()
                              : s.policyVersion() + 1)
                  .orElse(1L);
          Envelope.Sealed env = Envelope.seal(master, name, sv, plaintext);
          if (old.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO kms_secret (name, policy, policy_sha256, policy_version,"
                        + " secret_version, ciphertext, wrapped_dek, master_kid, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)")) {
              s.setString(1, name);
              s.setString(2, policy);
              s.setString(3, policySha256);
              s.setLong(4, pv);
              s.setLong(5, sv);
              s.setBytes(6, env.ciphertext());
              s.setBytes(7, env.wrappedKey());
              s.setString(8, env.kid());
              s.setLong(9, now.toEpochMilli());
              s.executeUpdate();
            }
          } else {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE kms_secret SET policy = ?, policy_sha256 = ?, policy_version = ?,"
                        + " secret_version = ?, ciphertext = ?, wrapped_dek = ?, master_kid = ?,"
                        + " updated_at = ? WHERE name = ?")) {
              s.setString(1, policy);
              s.setString(2, policySha256);
              s.setLong(3, pv);
              s.setLong(4, sv);
              s.setBytes(5, env.ciphertext());
              s.setBytes(6, env.wrappedKey());
              s.setString(7, env.kid());
              s.setLong(8, now.toEpochMilli());
              s.setString(9, name);
              s.executeUpdate();
            }
          }
          AuditChain.append(
              c,
              new AuditEntry.Draft(
                  now,
                  "put",
                  name,
                  "",
                  policySha256,
                  "STORED",
                  "secret version " + sv + ", policy version " + pv + ", master key " + env.kid()));
          return new StoredSecret(name, policy, policySha256, pv, sv, env, now);
        });
  }

  /**
   * Replaces a secret's policy (the caller has classified the change); the new version guards every
   * release that commits after this transaction.
   */
  public long setPolicy(String name, String policy, String policySha256, String detail, Instant now)
      throws SQLException, GeneralSecurityException {
    return inTransaction(
        c -> {
          StoredSecret old =
              lock(c, name).orElseThrow(() -> new SQLException("no secret named '" + name + "'"));
          long pv = old.policyVersion() + 1;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE kms_secret SET policy = ?, policy_sha256 = ?, policy_version = ?,"
                      + " updated_at = ? WHERE name = ?")) {
            s.setString(1, policy);
            s.setString(2, policySha256);
            s.setLong(3, pv);
            s.setLong(4, now.toEpochMilli());
            s.setString(5, name);
            s.executeUpdate();
          }
          AuditChain.append(
              c,
              new AuditEntry.Draft(
                  now,
                  "set-policy",
                  name,
                  "",
                  policySha256,
                  "STORED",
                  "policy version " + pv + " replaces " + old.policySha256() + "; " + detail));
          return pv;
        });
  }

  public Optional<StoredSecret> get(String name) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return read(c, name, false);
    }
  }

  /** Reads the row under a row lock, inside the caller's transaction. */
  public static Optional<StoredSecret> lock(Connection c, String name) throws SQLException {
    return read(c, name, true);
  }

  private static Optional<StoredSecret> read(Connection c, String name, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT name, policy, policy_sha256, policy_version, secret_version, ciphertext,"
                + " wrapped_dek, master_kid, updated_at FROM kms_secret WHERE name = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new StoredSecret(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getLong(4),
                r.getLong(5),
                new Envelope.Sealed(r.getBytes(6), r.getBytes(7), r.getString(8)),
                Instant.ofEpochMilli(r.getLong(9))));
      }
    }
  }

  /** One line per secret, without its policy text or envelope. */
  public record Listing(
      String name,
      String policySha256,
      long policyVersion,
      long secretVersion,
      String masterKid,
      Instant updatedAt) {}

  public List<Listing> list() throws SQLException {
    List<Listing> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT name, policy_sha256, policy_version, secret_version, master_kid, updated_at"
                    + " FROM kms_secret ORDER BY name");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(
            new Listing(
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                r.getLong(4),
                r.getString(5),
                Instant.ofEpochMilli(r.getLong(6))));
      }
    }
    return out;
  }

  /**
   * Re-wraps every data key that {@code keys} does not wrap with its current key, one row per
   * transaction, so releases keep running (replicas must hold the old and the new key meanwhile).
   *
   * @return how many rows were re-wrapped
   */
  public int rotate(Keyring keys, Instant now) throws SQLException, GeneralSecurityException {
    MasterKey to = keys.current();
    List<String> names = new ArrayList<>();
    for (Listing l : list()) {
      if (!l.masterKid().equals(to.kid())) {
        names.add(l.name());
      }
    }
    int n = 0;
    for (String name : names) {
      boolean done =
          inTransaction(
              c -> {
                Optional<StoredSecret> s = lock(c, name);
                if (s.isEmpty() || s.get().envelope().kid().equals(to.kid())) {
                  return false;
                }
                Envelope.Sealed e = s.get().envelope();
                byte[] wrapped = Envelope.rewrap(keys, name, e.wrappedKey(), e.kid(), to);
                try (PreparedStatement u =
                    c.prepareStatement(
                        "UPDATE kms_secret SET wrapped_dek = ?, master_kid = ? WHERE name = ?")) {
                  u.setBytes(1, wrapped);
                  u.setString(2, to.kid());
                  u.setString(3, name);
                  u.executeUpdate();
                }
                AuditChain.append(
                    c,
                    new AuditEntry.Draft(
                        now,
                        "rotate",
                        name,
                        "",
                        s.get().policySha256(),
                        "STORED",
                        "data key re-wrapped from master key " + e.kid() + " to " + to.kid()));
                return true;
              });
      n += done ? 1 : 0;
    }
    return n;
  }

  // ---- nonces -------------------------------------------------------------------------------

  public void issueNonce(String nonceSha256, Instant expiresAt, Instant now) throws SQLException {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM kms_nonce WHERE expires_at <= ?")) {
        s.setLong(1, now.toEpochMilli());
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement("INSERT INTO kms_nonce (nonce_sha256, expires_at) VALUES (?, ?)")) {
        s.setString(1, nonceSha256);
        s.setLong(2, expiresAt.toEpochMilli());
        s.executeUpdate();
      }
    }
  }

  /**
   * Uses a nonce: true exactly once per issued, unexpired nonce, whichever replica asks (the row is
   * deleted; of two concurrent deletes one sees no row).
   */
  public boolean consumeNonce(String nonceSha256, Instant now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM kms_nonce WHERE nonce_sha256 = ? AND expires_at > ?")) {
      s.setString(1, nonceSha256);
      s.setLong(2, now.toEpochMilli());
      return s.executeUpdate() == 1;
    }
  }

  public long outstandingNonces() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM kms_nonce");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  // ---- audit --------------------------------------------------------------------------------

  /** Release attempts recorded for {@code secret} since {@code since} (rate limits). */
  public long releasesSince(String secret, Instant since) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM kms_audit WHERE secret = ? AND action = 'release' AND at_ms > ?")) {
      s.setString(1, secret);
      s.setLong(2, since.toEpochMilli());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Appends one audit row in its own transaction. */
  public AuditEntry audit(AuditEntry.Draft d) throws SQLException {
    try {
      return inTransaction(c -> AuditChain.append(c, d));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public AuditChain.Report verifyAudit() throws SQLException {
    try (Connection c = ds.getConnection()) {
      return AuditChain.verify(c);
    }
  }

  public List<AuditEntry> auditTail(int limit) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return AuditChain.tail(c, limit);
    }
  }

  /** For tests and operators' drills: run raw SQL (never used by the broker itself). */
  public int executeForTest(String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      return s.executeUpdate();
    }
  }

  @Override
  public void close() {
    ds.close();
  }
}
