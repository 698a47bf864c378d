package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigFileTest {
  @TempDir Path tmp;

  ServerConfig read(String yaml, Map<String, String> env) throws Exception {
    Path f = tmp.resolve("serve.yaml");
    Files.writeString(f, yaml);
    return ServerConfigFile.read(f, env, ServerConfig.builder(Path.of("."))).build();
  }

  @Test
  void everyKeyIsReadAndPathsAreRelativeToTheFile() throws Exception {
    ServerConfig c =
        read(
            "listen: 0.0.0.0:9443\n"
                + "policies: policies\n"
                + "signingKey: keys/ear.pem\n"
                + "challengeKey: keys/challenge.key\n"
                + "collateral: collateral\n"
                + "pcsUrl: https://pccs.internal:8081/sgx/certification/v4/\n"
                + "trustAnchors: [roots/intel.der]\n"
                + "maxRequestBytes: 1048576\n"
                + "maxConcurrent: 8\n"
                + "requestTimeout: 10s\n"
                + "challengeTtl: 2m\n"
                + "verdictCacheTtl: 1h\n"
                + "drainTimeout: PT15S\n"
                + "reloadInterval: 1m\n",
            Map.of());
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(9443);
    assertThat(c.policies()).isEqualTo(tmp.resolve("policies"));
    assertThat(c.signingKey()).contains(tmp.resolve("keys/ear.pem"));
    assertThat(c.trustAnchors()).containsExactly(tmp.resolve("roots/intel.der"));
    assertThat(c.pcs().get().getHost()).isEqualTo("pccs.internal");
    assertThat(c.limits().maxRequestBytes()).isEqualTo(1048576);
    assertThat(c.maxConcurrent()).isEqualTo(8);
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.challengeTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.verdictCacheTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(15));
  }

  /**
   * A declared purpose stays in front of its file, resolved like any path; an embedded bundle is
   * not a file at all.
   */
  @Test
  void trustAnchorsKeepTheirDeclaredPurposeAndBundlesTheirName() throws Exception {
    ServerConfig c =
        read(
            "policies: p\ntrustAnchors: [roots/intel.der, tpm-ak-root=roots/ak.der,"
                + " 'builtin:gce-vtpm']\n",
            Map.of());
    assertThat(c.trustAnchors())
        .containsExactly(
            tmp.resolve("roots/intel.der"),
            Path.of("tpm-ak-root=" + tmp.resolve("roots/ak.der")),
            Path.of("builtin:gce-vtpm"));
  }

  @Test
  void theEnvironmentOverridesTheFile() throws Exception {
    ServerConfig c =
        read(
            "listen: 127.0.0.1:8443\npolicies: p\n",
            Map.of("TEEPOL_LISTEN", "0.0.0.0:8080", "TEEPOL_VERDICT_CACHE_TTL", "0"));
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.verdictCacheTtl()).isZero();
  }

  @Test
  void anUnknownKeyOrABadValueIsAnErrorNamingIt() {
    assertThatThrownBy(() -> read("policies: p\nsigningkey: x\n", Map.of()))
        .hasMessageContaining("unknown key 'signingkey'");
    assertThatThrownBy(() -> read("policies: p\nrequestTimeout: soon\n", Map.of()))
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> read("policies: p\nlisten: 8443\n", Map.of()))
        .hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> read("policies: p\ntlsCert: a.pem\n", Map.of()))
        .hasMessageContaining("tlsKey");
    assertThatThrownBy(() -> read("- a\n- b\n", Map.of())).hasMessageContaining("mapping");
  }
}
