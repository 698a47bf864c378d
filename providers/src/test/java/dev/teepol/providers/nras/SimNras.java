package dev.teepol.providers.nras;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * NRAS-shaped responses signed by a test EC P-384 key, with the JWKS that publishes it (the key
 * carries x5c = [leaf, intermediate] of {@link SimNrasPki}; tests pin that intermediate through
 * {@link #anchors()}). Public for providers that embed NRAS verdicts (near), which need tokens
 * issued at their own simulated time.
 */
public final class SimNras {
  /** The trust-anchor purpose of the pinned NRAS intermediate. */
  public static final String PURPOSE = TrustAnchors.NVIDIA_NRAS_INTERMEDIATE;

  static final String KID = "teepol-test-kid";
  static final Instant IAT = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant EXP = IAT.plusSeconds(3600);
  static final String NONCE = "9f".repeat(32);

  /** The machine whose GPUs the default responses attest. */
  public static final String MACHINE = "sim-gpu-node";

  static final SimNrasPki PKI = SimNrasPki.create("teepol-sim-nras");
  static final ECKey KEY = PKI.certify(generate(KID, Curve.P_384));

  /** The test NRAS intermediate that {@link #KEY}'s x5c chains to. */
  public static X509Certificate intermediate() {
    return PKI.intermediate();
  }

  /** The default anchors with the test NRAS intermediate pinned in place of NVIDIA's. */
  public static TrustAnchors anchors() {
    return TrustAnchors.defaults().with(PURPOSE, List.of(PKI.intermediate()));
  }

  public static ECKey generate(String kid, Curve curve) {
    try {
      return new ECKeyGenerator(curve).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JWKSet jwks() {
    return new JWKSet(KEY.toPublicJWK());
  }

  static Map<String, Object> deviceClaims() {
    return deviceClaims(SimGpu.of(MACHINE, 1).get(0));
  }

  static Map<String, Object> deviceClaims(SimGpu gpu) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://nras.attestation.nvidia.com");
    c.put("eat_nonce", NONCE);
    c.put("ueid", gpu.ueid());
    c.put("hwmodel", "GH100 A01 GSP BROM");
    c.put("measres", "success");
    c.put("secboot", true);
    c.put("dbgstat", "disabled");
    c.put("x-nvidia-gpu-driver-version", "570.172.08");
    c.put("x-nvidia-gpu-vbios-version", "96.00.CF.00.02");
    for (String k : NrasAppraiser.REPORT_CLAIMS) {
      c.put(k, true);
    }
    for (String k : NrasAppraiser.RIM_CLAIMS) {
      c.put(k, true);
    }
    return c;
  }

  static String sign(Map<String, Object> claims, ECKey key, JWSAlgorithm alg) {
    return sign(claims, key, alg, IAT);
  }

  static String sign(Map<String, Object> claims, ECKey key, JWSAlgorithm alg, Instant iat) {
    try {
      JWTClaimsSet.Builder b =
          new JWTClaimsSet.Builder()
              .issueTime(Date.from(iat))
              .notBeforeTime(Date.from(iat))
              .expirationTime(Date.from(iat.plusSeconds(3600)));
      claims.forEach(b::claim);
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), b.build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A response for {@code gpus} devices; hooks change device claims, the device token, or overall
   * claims.
   */
  static byte[] response(
      int gpus,
      UnaryOperator<Map<String, Object>> device,
      UnaryOperator<String> tokenHook,
      UnaryOperator<Map<String, Object>> overall) {
    return response(KEY, IAT, NONCE, SimGpu.of(MACHINE, gpus), device, tokenHook, overall);
  }

  /**
   * A valid response for {@code gpus} GPUs of {@link #MACHINE} about {@code nonce}, issued at
   * {@code iat} and valid for an hour.
   */
  /**
   * A collateral source serving {@code keys} as the NRAS JWKS, the way a capture directory or live
   * NRAS does.
   */
  public static CollateralSource serving(JWKSet keys) {
    byte[] body = keys.toString(true).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return request ->
        request.type().equals(NrasCollateral.JWKS)
            ? Optional.of(new CollateralDocument(body, "", "test JWKS"))
            : Optional.empty();
  }

  /**
   * As {@link #serving(JWKSet)}, and {@code response} as NRAS's verdict on whatever GPU payload is
   * asked about.
   */
  public static CollateralSource serving(JWKSet keys, byte[] response) {
    CollateralSource jwks = serving(keys);
    return request ->
        request.type().equals(NrasCollateral.ATTESTATION)
            ? Optional.of(new CollateralDocument(response, "", "recorded"))
            : jwks.fetch(request);
  }

  public static byte[] response(Instant iat, String nonce, int gpus) {
    return response(iat, nonce, SimGpu.of(MACHINE, gpus));
  }

  /**
   * A valid response for exactly {@code gpus} about {@code nonce}, issued at {@code iat} and valid
   * for an hour.
   */
  public static byte[] response(Instant iat, String nonce, List<SimGpu> gpus) {
    return response(KEY, iat, nonce, gpus, c -> c, t -> t, o -> o);
  }

  /** A response like the valid one, every token signed by {@code key} (named by its kid). */
  public static byte[] signedBy(ECKey key, Instant iat, String nonce, int gpus) {
    return response(key, iat, nonce, SimGpu.of(MACHINE, gpus), c -> c, t -> t, o -> o);
  }

  static byte[] response(
      ECKey key,
      Instant iat,
      String nonce,
      List<SimGpu> gpus,
      UnaryOperator<Map<String, Object>> device,
      UnaryOperator<String> tokenHook,
      UnaryOperator<Map<String, Object>> overall) {
    Map<String, String> tokens = new LinkedHashMap<>();
    Map<String, Object> submods = new LinkedHashMap<>();
    for (int i = 0; i < gpus.size(); i++) {
      Map<String, Object> dc = deviceClaims(gpus.get(i));
      dc.put("eat_nonce", nonce);
      String t = tokenHook.apply(sign(device.apply(dc), key, JWSAlgorithm.ES384, iat));
      tokens.put("GPU-" + i, t);
      submods.put("GPU-" + i, List.of("DIGEST", List.of("SHA-256", sha256Hex(t))));
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("sub", "NVIDIA-PLATFORM-ATTESTATION");
    o.put("iss", "https://nras.attestation.nvidia.com");
    o.put("x-nvidia-overall-att-result", true);
    o.put("eat_nonce", nonce);
    o.put("submods", submods);
    String overallJwt = sign(overall.apply(o), key, JWSAlgorithm.ES384, iat);
    List<String> entries = new ArrayList<>();
    tokens.forEach((k, v) -> entries.add("\"" + k + "\":\"" + v + "\""));
    return ("[[\"JWT\",\"" + overallJwt + "\"],{" + String.join(",", entries) + "}]")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] valid(int gpus) {
    return response(gpus, c -> c, t -> t, o -> o);
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private SimNras() {}
}
