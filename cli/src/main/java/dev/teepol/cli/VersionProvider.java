package dev.teepol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version, commit and build time Maven filtered into version.properties, so they cannot drift.
 */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = properties();
    return new String[] {
      "teepol " + p.getProperty("version", "unknown"),
      "commit "
          + known(p, "commit")
          + ("true".equals(p.getProperty("dirty")) ? " (with uncommitted changes)" : "")
          + ", committed "
          + known(p, "commit_time"),
      "built " + known(p, "built"),
      "Java " + System.getProperty("java.version")
    };
  }

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT} ("unknown" outside a Maven build). */
  public static String version() {
    try {
      return known(properties(), "version");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Properties properties() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return p;
  }

  /** A property Maven filled in, or "unknown" (a build outside Git leaves the placeholder). */
  static String known(Properties p, String key) {
    String v = p.getProperty(key, "");
    return v.isBlank() || v.startsWith("${") ? "unknown" : v;
  }
}
