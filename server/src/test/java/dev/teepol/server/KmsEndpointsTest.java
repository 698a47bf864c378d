package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.kms.KmsSettings;
import dev.teepol.kms.broker.ReleaseBinding;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.crypto.RecipientKey;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/kms/challenge and /v1/kms/release over loopback HTTP, with an embedded H2 store. */
class KmsEndpointsTest {
  static final String SECRET = "API_TOKEN=tok-5f1e";
  static final String POLICY =
      "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: tdx-release, version: 1}\n"
          + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n";

  @TempDir Path tmp;

  static JsonObject json(String s) {
    return Json.createReader(new StringReader(s)).readObject();
  }

  @Test
  void withoutABrokerTheEndpointsSaySo() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      var r = f.post("/v1/kms/challenge", "application/json", new byte[0]);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("kms_not_configured");
    }
  }

  @Test
  void aStartWithoutAMasterKeyIsRefusedWithTheReason() throws Exception {
    Fixture f = new Fixture(tmp);
    KmsSettings k = KmsSettings.of(KmsStore.h2Url(tmp.resolve("db")));
    assertThatThrownBy(() -> f.start(f.config().kms(k)))
        .isInstanceOf(TeepolServer.StartException.class)
        .hasMessageContaining(KmsSettings.MASTER_KEY_ENV);
  }

  @Test
  void aQuoteBindingTheNonceAndKeyGetsTheSealedSecretOnce() throws Exception {
    MasterKey master = MasterKey.generate();
    Path keyFile = tmp.resolve("master.key");
    Files.writeString(keyFile, master.toBase64());
    String url = KmsStore.h2Url(tmp.resolve("db"));
    try (KmsStore admin = KmsStore.open(url, "", "", 2)) {
      admin.put(
          "api-token",
          POLICY,
          Hex.of(Digests.sha256(POLICY.getBytes(StandardCharsets.UTF_8))),
          SECRET.getBytes(StandardCharsets.UTF_8),
          master,
          Fixture.AT);
    }
    Fixture f = new Fixture(tmp);
    try (Fixture running = f.start(f.config().kms(KmsSettings.of(url).withMasterKey(keyFile)))) {
      var ch = running.post("/v1/kms/challenge", "application/json", new byte[0]);
      assertThat(ch.statusCode()).isEqualTo(200);
      byte[] nonce = Base64.getDecoder().decode(json(ch.body()).getString("nonce"));

      AsymmetricCipherKeyPair pair = Hpke.generate(Kem.X25519);
      RecipientKey pk = Hpke.publicKey(Kem.X25519, pair);
      byte[] quote =
          DcapSimulator.builder()
              .reportData(ReleaseBinding.reportData(nonce, pk))
              .build()
              .generate()
              .quote();
      byte[] body = body("api-token", quote, nonce, pk).getBytes(StandardCharsets.UTF_8);

      var r = running.post("/v1/kms/release", "application/json", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject sealed = json(r.body()).getJsonObject("sealed");
      byte[] plain =
          Hpke.open(
              Kem.X25519,
              pair,
              Base64.getDecoder().decode(sealed.getString("info")),
              nonce,
              new Hpke.Sealed(
                  Base64.getDecoder().decode(sealed.getString("enc")),
                  Base64.getDecoder().decode(sealed.getString("ciphertext"))));
      assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(SECRET);

      var replay = running.post("/v1/kms/release", "application/json", body);
      assertThat(replay.statusCode()).isEqualTo(403);
      assertThat(replay.body()).contains("kms.release.nonce");

      var bad =
          running.post(
              "/v1/kms/release",
              "application/json",
              "{\"secret\":1}".getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(running.log).noneMatch(l -> l.contains("tok-5f1e"));
      assertThat(running.log).anyMatch(l -> l.contains("\"kms_secret\":\"api-token\""));
    }
  }

  static String body(String secret, byte[] evidence, byte[] nonce, RecipientKey pk) {
    Base64.Encoder b = Base64.getEncoder();
    return Json.createObjectBuilder()
        .add("secret", secret)
        .add("evidence", b.encodeToString(evidence))
        .add("nonce", b.encodeToString(nonce))
        .add(
            "recipient",
            Json.createObjectBuilder()
                .add("kem", pk.kem().label())
                .add("key", b.encodeToString(pk.key())))
        .build()
        .toString();
  }

  @Test
  void aConfidentialSpaceTokenForTheBrokersAudienceGetsTheSecretAndAnotherAudienceIsRefused()
      throws Exception {
    String cs =
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: cs-app, version: 1}\n"
            + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n"
            + "  workload: {imageDigests: ['"
            + SimCs.IMAGE_DIGEST
            + "']}\n  freshness: {requireNonce: true}\n";
    MasterKey master = MasterKey.generate();
    Path keyFile = Files.writeString(tmp.resolve("master.key"), master.toBase64());
    Path csRoot = Files.write(tmp.resolve("cs-root.der"), SimCs.PKI.root().getEncoded());
    String url = KmsStore.h2Url(tmp.resolve("db"));
    try (KmsStore admin = KmsStore.open(url, "", "", 2)) {
      admin.put(
          "app-env",
          cs,
          Hex.of(Digests.sha256(cs.getBytes(StandardCharsets.UTF_8))),
          SECRET.getBytes(StandardCharsets.UTF_8),
          master,
          Fixture.AT);
    }
    Fixture f = new Fixture(tmp);
    f.clock.now = SimCsToken.verifyAt();
    String aud = "https://kms.example";
    KmsSettings k = KmsSettings.of(url).withMasterKey(keyFile).withAudience(aud);
    try (Fixture running = f.start(f.config().trustAnchors(java.util.List.of(csRoot)).kms(k))) {
      AsymmetricCipherKeyPair pair = Hpke.generate(Kem.P256);
      RecipientKey pk = Hpke.publicKey(Kem.P256, pair);
      for (String tokenAud : new String[] {"https://other.example", aud}) {
        byte[] nonce =
            Base64.getDecoder()
                .decode(
                    json(running.post("/v1/kms/challenge", "application/json", new byte[0]).body())
                        .getString("nonce"));
        byte[] token =
            SimCsToken.production()
                .claim("aud", tokenAud)
                .claim("eat_nonce", Hex.of(ReleaseBinding.nonce(nonce, pk)))
                .bytes();
        var r =
            running.post(
                "/v1/kms/release",
                "application/json",
                body("app-env", token, nonce, pk).getBytes(StandardCharsets.UTF_8));
        if (!tokenAud.equals(aud)) {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
          assertThat(r.body()).contains("confidential-space.token.audience");
          continue;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject sealed = json(r.body()).getJsonObject("sealed");
        byte[] plain =
            Hpke.open(
                Kem.P256,
                pair,
                Base64.getDecoder().decode(sealed.getString("info")),
                nonce,
                new Hpke.Sealed(
                    Base64.getDecoder().decode(sealed.getString("enc")),
                    Base64.getDecoder().decode(sealed.getString("ciphertext"))));
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(SECRET);
      }
    }
  }

  @Test
  void theSecretsRateLimitIs429WithRetryAfter() throws Exception {
    MasterKey master = MasterKey.generate();
    Path keyFile = Files.writeString(tmp.resolve("master.key"), master.toBase64());
    String url = KmsStore.h2Url(tmp.resolve("db"));
    try (KmsStore admin = KmsStore.open(url, "", "", 2)) {
      admin.put(
          "api-token",
          POLICY,
          Hex.of(Digests.sha256(POLICY.getBytes(StandardCharsets.UTF_8))),
          SECRET.getBytes(StandardCharsets.UTF_8),
          master,
          Fixture.AT);
    }
    Fixture f = new Fixture(tmp);
    KmsSettings k =
        KmsSettings.of(url)
            .withMasterKey(keyFile)
            .withRateLimit(1, java.time.Duration.ofMinutes(1));
    try (Fixture running = f.start(f.config().kms(k))) {
      RecipientKey pk = Hpke.publicKey(Kem.X25519, Hpke.generate(Kem.X25519));
      int[] statuses = new int[2];
      java.net.http.HttpResponse<String> last = null;
      for (int i = 0; i < 2; i++) {
        byte[] nonce =
            Base64.getDecoder()
                .decode(
                    json(running.post("/v1/kms/challenge", "application/json", new byte[0]).body())
                        .getString("nonce"));
        last =
            running.post(
                "/v1/kms/release",
                "application/json",
                body("api-token", new byte[] {1, 2, 3}, nonce, pk)
                    .getBytes(StandardCharsets.UTF_8));
        statuses[i] = last.statusCode();
      }
      assertThat(statuses).containsExactly(403, 429);
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(last.body()).getString("decision")).isEqualTo("DENY");
    }
  }
}
