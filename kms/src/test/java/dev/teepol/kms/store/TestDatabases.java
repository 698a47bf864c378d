package dev.teepol.kms.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the contract tests find their databases: an H2 file in a temporary directory, and the
 * PostgreSQL server whose JDBC URL {@code .ci/run} exports as {@code TEEPOL_TEST_PG_URL} (each test
 * gets a schema of its own). Outside CI without a server the PostgreSQL tests skip and say why;
 * with {@code TEEPOL_REQUIRE_PG=1} (CI) a missing server fails them instead.
 */
public final class TestDatabases {
  public static final String PG_URL_ENV = "TEEPOL_TEST_PG_URL";

  private TestDatabases() {}

  public static String h2(Path dir) {
    return KmsStore.h2Url(dir);
  }

  public static Optional<String> pgBase() {
    String url = System.getenv(PG_URL_ENV);
    if (url == null || url.isBlank()) {
      url = System.getProperty("teepol.test.pg.url");
    }
    return Optional.ofNullable(url).filter(u -> !u.isBlank());
  }

  /** A fresh schema on the test server; skips (or fails under CI) when there is none. */
  public static String pg() throws Exception {
    Optional<String> base = pgBase();
    if (base.isEmpty()) {
      if ("1".equals(System.getenv("TEEPOL_REQUIRE_PG"))) {
        throw new AssertionError(
            PG_URL_ENV + " is not set but TEEPOL_REQUIRE_PG=1: .ci/run must start PostgreSQL");
      }
      String why =
          "PostgreSQL contract tests skipped: no server configured ("
              + PG_URL_ENV
              + "); .ci/run starts one";
      System.out.println(why);
      Assumptions.abort(why);
    }
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(base.get());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return base.get() + (base.get().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
