package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.verifier.bundle.PolicyBundle;
import dev.teepol.verifier.bundle.PolicyBundles;
import dev.teepol.verifier.bundle.SignedBundles;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teepol serve --policies BUNDLE}: the service loads a signed policy bundle from a pinned
 * signer, serves its policies, reloads a newer release, and refuses an unsigned, foreign-signed or
 * rolled-back bundle (keeping the set it serves).
 */
class PolicyBundleServeTest {
  @TempDir Path tmp;

  static final String SUITE =
      "policy: tdx-service.yaml\n"
          + "cases:\n"
          + "  - name: a normalized TDX report passes\n"
          + "    at: 2025-01-01T00:00:00Z\n"
          + "    normalized:\n"
          + "      kind: tdx\n"
          + "      platform: {tee: tdx, debug: false, td_attributes: {sept_ve_disable: true},"
          + " tcb: {status: UpToDate}}\n"
          + "    expect: {decision: ALLOW}\n"
          + "  - name: the raw quote (its fixtures are only digests in a bundle)\n"
          + "    evidence:\n"
          + "      file: ../sim/quote.bin\n"
          + "      collateral: ../sim/collateral\n"
          + "      trustAnchor: ../sim/root_ca.der\n"
          + "      at: 2025-01-01T00:00:00Z\n"
          + "    expect: {decision: ALLOW}\n";

  Path[] keys(String name) throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path priv = tmp.resolve(name + ".key");
    Path pub = tmp.resolve(name + ".pub");
    Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    return new Path[] {priv, pub};
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Signs the fixture's policy directory as bundle {@code version} into {@code out}. */
  static void release(Fixture f, long version, Path key, Path out, String extraPolicy)
      throws Exception {
    if (extraPolicy != null) {
      Files.writeString(f.policies.resolve("other.yaml"), extraPolicy);
    }
    List<Path> policies =
        extraPolicy == null
            ? List.of(f.policies.resolve("tdx-service.yaml"))
            : List.of(f.policies.resolve("tdx-service.yaml"), f.policies.resolve("other.yaml"));
    PolicyBundle b =
        PolicyBundles.create(
            f.policies,
            policies,
            List.of(f.policies.resolve("tdx-service.tests.yaml")),
            "service-policies",
            version);
    Files.write(out, SignedBundles.sign(b, key));
  }

  @Test
  void aSignedBundleIsServedAndANewerOneReplacesIt() throws Exception {
    Path[] k = keys("release");
    try (Fixture f = new Fixture(tmp)) {
      Files.writeString(f.policies.resolve("tdx-service.tests.yaml"), SUITE);
      // Beside the policies it was created from, so the suite's fixtures are found (by digest).
      Path bundle = f.policies.resolve("release.bundle");
      Path versions = tmp.resolve("accepted-version.json");
      release(f, 1, k[0], bundle, null);
      f.start(f.config().policies(bundle).bundleSigners(List.of(k[1])).bundleVersionFile(versions));
      HttpResponse<String> list = f.get("/v1/policies");
      assertThat(list.body())
          .contains("\"name\":\"tdx-service\"")
          .contains("passed 2 case(s)")
          .doesNotContain("\"name\":\"other\"");
      assertThat(Files.readString(versions)).contains("\"version\":1");
      HttpResponse<String> r =
          f.post(
              "/v1/verify?policy=tdx-service",
              "application/octet-stream",
              Fixture.simulated().quote());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("\"decision\":\"ALLOW\"");

      // Release 2 adds a policy: served after a reload, and the floor moves to 2.
      release(f, 2, k[0], bundle, Fixture.OTHER_POLICY);
      assertThat(f.server.policies().reload(false).ok()).isTrue();
      assertThat(f.get("/v1/policies").body()).contains("\"name\":\"other\"");
      assertThat(Files.readString(versions)).contains("\"version\":2");

      // Release 1 again (a rollback), a bundle from another key, bytes that are not a bundle:
      // each refused, and release 2 stays served.
      Path[] foreign = keys("foreign");
      release(f, 1, k[0], bundle, null);
      var rollback = f.server.policies().reload(false);
      assertThat(rollback.ok()).isFalse();
      assertThat(String.join("\n", rollback.problems())).contains("refusing a rollback");
      release(f, 3, foreign[0], bundle, null);
      var unsigned = f.server.policies().reload(false);
      assertThat(unsigned.ok()).isFalse();
      Files.writeString(bundle, "not a bundle");
      assertThat(f.server.policies().reload(false).ok()).isFalse();
      assertThat(f.get("/v1/policies").body()).contains("\"name\":\"other\"");
      assertThat(Files.readString(versions)).contains("\"version\":2");
    }
  }

  @Test
  void aBundleWithoutPinnedSignersOrAVersionFileDoesNotStart() throws Exception {
    Path[] k = keys("release");
    try (Fixture f = new Fixture(tmp)) {
      Path bundle = tmp.resolve("policies.bundle");
      Files.writeString(f.policies.resolve("tdx-service.tests.yaml"), SUITE);
      release(f, 1, k[0], bundle, null);
      assertThatThrownBy(() -> f.start(f.config().policies(bundle)))
          .hasMessageContaining("--bundle-signer")
          .hasMessageContaining("--bundle-version-file");
      Path[] other = keys("other");
      assertThatThrownBy(
              () ->
                  f.start(
                      f.config()
                          .policies(bundle)
                          .bundleSigners(List.of(other[1]))
                          .bundleVersionFile(tmp.resolve("v.json"))))
          .hasMessageContaining("policies.bundle");
      assertThat(tmp.resolve("v.json")).doesNotExist();
    }
  }

  @Test
  void aSuiteWhoseFixturesAreNotBesideTheBundleIsSaidNotRun() throws Exception {
    Path[] k = keys("release");
    try (Fixture f = new Fixture(tmp)) {
      Files.writeString(f.policies.resolve("tdx-service.tests.yaml"), SUITE);
      Path bundle = tmp.resolve("deploy").resolve("bundles").resolve("policies.bundle");
      Files.createDirectories(bundle.getParent());
      release(f, 1, k[0], bundle, null);
      f.start(
          f.config()
              .policies(bundle)
              .bundleSigners(List.of(k[1]))
              .bundleVersionFile(tmp.resolve("v.json")));
      assertThat(f.get("/v1/policies").body())
          .contains("suite not run here: ")
          .contains("fixture(s) the bundle signs are not beside it");
    }
  }

  @Test
  void aBundleWhoseSuiteFailsIsNotServedAndRecordsNoVersion() throws Exception {
    Path[] k = keys("release");
    try (Fixture f = new Fixture(tmp)) {
      Files.writeString(
          f.policies.resolve("tdx-service.tests.yaml"),
          SUITE.replace(
              "expect: {decision: ALLOW}\n  - name: the raw",
              "expect: {decision: DENY}\n  - name: the raw"));
      Path bundle = f.policies.resolve("release.bundle");
      release(f, 1, k[0], bundle, null);
      Path versions = tmp.resolve("v.json");
      assertThatThrownBy(
              () ->
                  f.start(
                      f.config()
                          .policies(bundle)
                          .bundleSigners(List.of(k[1]))
                          .bundleVersionFile(versions)))
          .hasMessageContaining("does not pass");
      assertThat(versions).doesNotExist();
    }
  }
}
