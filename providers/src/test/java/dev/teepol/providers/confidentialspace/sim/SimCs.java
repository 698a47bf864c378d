package dev.teepol.providers.confidentialspace.sim;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceCollateral;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Confidential Space simulator's fixed parts: the test PKI (tests pin its root in place of
 * Google's), the test JWKS key for OIDC tokens, the default claims, and contexts to judge in.
 */
public final class SimCs {
  public static final Instant IAT = Instant.parse("2025-01-01T00:00:00Z");
  public static final Instant EXP = IAT.plusSeconds(3600);
  static final Instant LEAF_NOT_BEFORE = IAT.minusSeconds(86_400);
  static final Instant LEAF_NOT_AFTER = IAT.plusSeconds(60L * 86_400);

  public static final String AUDIENCE = "https://coordinator.darkbloom.example";
  public static final String NONCE = "teepol-sim-challenge-0001";

  /**
   * The simulated coordinator image's OCI manifest: its SHA-256 is the image digest the tokens
   * carry, and the subject digest the simulated Sigstore provenance signs (what a registry and a
   * build provenance both name an image by).
   */
  public static final byte[] IMAGE_MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\"sha256:9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\","
              + "\"size\":1469},\"layers\":[],\"annotations\":{\"org.opencontainers.image.title\":"
              + "\"teepol simulated coordinator\"}}")
          .getBytes(StandardCharsets.UTF_8);

  public static final String IMAGE_DIGEST =
      "sha256:"
          + dev.teepol.core.bytes.Hex.of(dev.teepol.core.crypto.Digests.sha256(IMAGE_MANIFEST));
  public static final String JWKS_KID = "teepol-test-oidc-key";

  public static final SimCsPki PKI = SimCsPki.create("teepol-sim-cs");

  /** Another PKI with the same names and other keys: what a forger would build. */
  public static final SimCsPki FORGED = SimCsPki.create("teepol-sim-cs-forged");

  static final SimRsaKey JWKS_KEY = SimRsaKey.derive("teepol-sim-cs", "cs-oidc", 2048);

  private SimCs() {}

  /** The default anchors with the test root pinned in place of Google's. */
  public static TrustAnchors anchors() {
    return TrustAnchors.defaults()
        .with(TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT, List.of(PKI.root()));
  }

  /** The test JWKS (one RS256 signing key, {@link #JWKS_KID}). */
  public static String jwks() {
    return jwks(new RSAKey.Builder(JWKS_KEY.publicKey()).keyID(JWKS_KID));
  }

  public static String jwks(RSAKey.Builder... keys) {
    return new JWKSet(
            java.util.Arrays.stream(keys)
                .map(
                    k ->
                        (com.nimbusds.jose.jwk.JWK)
                            k.algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build())
                .toList())
        .toString();
  }

  /** A collateral source serving {@code jwks} for {@link ConfidentialSpaceCollateral#JWKS}. */
  public static CollateralSource jwksSource(String jwks) {
    return request ->
        ConfidentialSpaceCollateral.JWKS.equals(request.type())
            ? Optional.of(
                new CollateralDocument(jwks.getBytes(StandardCharsets.UTF_8), "", "test JWKS"))
            : Optional.empty();
  }

  /**
   * Judged at {@code at} with the test root pinned, the test JWKS configured, the simulator's
   * audience and, when given, its nonce.
   */
  public static AppraisalContext context(Instant at, boolean withNonce) {
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(at, ZoneOffset.UTC),
            anchors(),
            jwksSource(jwks()),
            Optional.empty(),
            Limits.DEFAULT,
            RelyingParty.NONE.withAudience(AUDIENCE));
    return withNonce ? ctx.withExpectedNonce(NONCE.getBytes(StandardCharsets.UTF_8)) : ctx;
  }

  /** The claims of a production Confidential Space token on TDX (the corpus token's shape). */
  static Map<String, Object> productionClaims() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("aud", AUDIENCE);
    c.put("exp", EXP.getEpochSecond());
    c.put("iat", IAT.getEpochSecond());
    c.put("iss", "https://confidentialcomputing.googleapis.com");
    c.put("nbf", IAT.getEpochSecond());
    c.put(
        "sub",
        "https://www.googleapis.com/compute/v1/projects/darkbloom-sim/zones/us-west1-b/instances/coordinator-0");
    c.put("eat_nonce", NONCE);
    c.put(
        "eat_profile",
        "https://cloud.google.com/confidential-computing/confidential-space/docs/reference/token-claims");
    c.put("secboot", true);
    c.put("oemid", 11129);
    c.put("hwmodel", "GCP_INTEL_TDX");
    c.put("swname", "CONFIDENTIAL_SPACE");
    c.put("swversion", List.of("250800"));
    c.put("attester_tcb", List.of("INTEL"));
    c.put("dbgstat", "disabled-since-boot");
    Map<String, Object> cs = new LinkedHashMap<>();
    cs.put("support_attributes", List.of("LATEST", "STABLE", "USABLE"));
    // Ordered maps throughout: Map.of iterates in a per-JVM order, and the committed example tokens
    // must come out byte-identical on every run.
    cs.put("monitoring_enabled", new java.util.TreeMap<>(Map.of("memory", false)));
    Map<String, Object> container = new LinkedHashMap<>();
    container.put(
        "image_reference", "us-docker.pkg.dev/darkbloom-sim/images/coordinator@" + IMAGE_DIGEST);
    container.put("image_digest", IMAGE_DIGEST);
    container.put("restart_policy", "Never");
    container.put(
        "image_id", "sha256:9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9");
    container.put(
        "env",
        new java.util.TreeMap<>(Map.of("HOSTNAME", "coordinator-0", "PATH", "/usr/bin:/bin")));
    container.put("args", List.of("/coordinator", "--listen", ":8443"));
    Map<String, Object> gce = new LinkedHashMap<>();
    gce.put("zone", "us-west1-b");
    gce.put("project_id", "darkbloom-sim");
    gce.put("project_number", "123456789012");
    gce.put("instance_name", "coordinator-0");
    gce.put("instance_id", "1234567890123456789");
    Map<String, Object> submods = new LinkedHashMap<>();
    submods.put("confidential_space", cs);
    submods.put("container", container);
    submods.put("gce", gce);
    c.put("submods", submods);
    c.put("google_service_accounts", List.of("123456789012-compute@developer.gserviceaccount.com"));
    Map<String, Object> tdx = new LinkedHashMap<>();
    tdx.put("gcp_attester_tcb_status", "UpToDate");
    tdx.put("gcp_attester_tcb_date", "2024-03-13T00:00:00Z");
    c.put("tdx", tdx);
    return c;
  }
}
