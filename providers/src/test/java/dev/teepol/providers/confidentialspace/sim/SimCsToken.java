package dev.teepol.providers.confidentialspace.sim;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds Confidential Space tokens as Google's attestation service shapes them (the claims of the
 * corpus's production TDX token, with test values), signed by {@link SimCs}'s test PKI or JWKS key.
 * Every knob changes exactly one thing, so a test can build each defect alone: a claim changed or
 * removed, another header, another chain or key, a flipped signature bit, a raw payload (duplicate
 * names), or another algorithm altogether.
 */
public final class SimCsToken {
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims;
  private List<X509Certificate> x5c;
  private SimRsaKey key;
  private Optional<String> rawPayload = Optional.empty();
  private Optional<String> rawHeader = Optional.empty();
  private Optional<byte[]> hmacSecret = Optional.empty();
  private boolean flipSignatureBit;
  private String trailing = "";

  private SimCsToken(Map<String, Object> claims, List<X509Certificate> x5c, SimRsaKey key) {
    this.claims = claims;
    this.x5c = x5c;
    this.key = key;
    header.put("alg", "RS256");
    header.put("kid", "teepol-test-leaf");
    header.put("typ", "JWT");
  }

  /** A production-image token on Intel TDX, issued at {@link SimCs#IAT}, as a PKI token. */
  public static SimCsToken production() {
    return new SimCsToken(
        SimCs.productionClaims(),
        SimCs.PKI.chain(SimCs.PKI.leaf(SimCs.LEAF_NOT_BEFORE, SimCs.LEAF_NOT_AFTER)),
        SimCs.PKI.signingKey());
  }

  /** The same claims as an OIDC token: no x5c, signed by the test JWKS key {@code kid}. */
  public SimCsToken oidc(String kid) {
    this.x5c = List.of();
    this.key = SimCs.JWKS_KEY;
    header.put("kid", kid);
    return this;
  }

  /** Sets (or replaces) a top-level claim; maps and lists nest. */
  public SimCsToken claim(String name, Object value) {
    claims.put(name, value);
    return this;
  }

  public SimCsToken without(String name) {
    claims.remove(name);
    return this;
  }

  /** Sets a claim of a submodule: {@code submod("container", "image_digest", "sha256:…")}. */
  @SuppressWarnings("unchecked")
  public SimCsToken submod(String module, String name, Object value) {
    Map<String, Object> submods = (Map<String, Object>) claims.get("submods");
    Map<String, Object> m =
        (Map<String, Object>) submods.computeIfAbsent(module, k -> new LinkedHashMap<>());
    m.put(name, value);
    return this;
  }

  /** Edits the claims map directly. */
  public SimCsToken claims(UnaryOperator<Map<String, Object>> edit) {
    Map<String, Object> edited = edit.apply(claims);
    claims.clear();
    claims.putAll(edited);
    return this;
  }

  public SimCsToken header(String name, Object value) {
    header.put(name, value);
    return this;
  }

  public SimCsToken withoutHeader(String name) {
    header.remove(name);
    return this;
  }

  public SimCsToken x5c(List<X509Certificate> chain) {
    this.x5c = List.copyOf(chain);
    return this;
  }

  public SimCsToken signWith(SimRsaKey k) {
    this.key = k;
    return this;
  }

  /** The payload segment is exactly this JSON text (for duplicate names and the like). */
  public SimCsToken rawPayload(String json) {
    this.rawPayload = Optional.of(json);
    return this;
  }

  /** The header segment is exactly this JSON text. */
  public SimCsToken rawHeader(String json) {
    this.rawHeader = Optional.of(json);
    return this;
  }

  /** HS256 with this secret (alg confusion: the RSA public key used as an HMAC secret). */
  public SimCsToken hs256(byte[] secret) {
    header.put("alg", "HS256");
    this.hmacSecret = Optional.of(secret.clone());
    return this;
  }

  public SimCsToken flipSignatureBit() {
    this.flipSignatureBit = true;
    return this;
  }

  /** Text after the token (a saved file's newline). */
  public SimCsToken trailing(String text) {
    this.trailing = text;
    return this;
  }

  /** The claims as JSON, as the payload segment would carry them. */
  public String payloadJson() {
    return rawPayload.orElseGet(() -> json(claims));
  }

  public String build() {
    Map<String, Object> h = new LinkedHashMap<>(header);
    if (!x5c.isEmpty()) {
      List<Object> certs = new ArrayList<>();
      for (X509Certificate c : x5c) {
        try {
          certs.add(Base64.getEncoder().encodeToString(c.getEncoded()));
        } catch (CertificateEncodingException e) {
          throw new IllegalStateException(e);
        }
      }
      h.put("x5c", certs);
    }
    String headerB64 = b64(rawHeader.orElseGet(() -> json(h)));
    String payloadB64 = b64(payloadJson());
    byte[] signingInput = (headerB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    byte[] sig;
    try {
      if (hmacSecret.isPresent()) {
        sig =
            new MACSigner(hmacSecret.get())
                .sign(new JWSHeader(JWSAlgorithm.HS256), signingInput)
                .decode();
      } else if ("none".equals(h.get("alg"))) {
        sig = new byte[0];
      } else {
        // JCA rather than Nimbus's signer, which refuses the short keys some tests need.
        java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
        rs256.initSign(key.privateKey());
        rs256.update(signingInput);
        sig = rs256.sign();
      }
    } catch (JOSEException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    if (flipSignatureBit) {
      sig[sig.length / 2] ^= 0x01;
    }
    return headerB64
        + "."
        + payloadB64
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(sig)
        + trailing;
  }

  public byte[] bytes() {
    return build().getBytes(StandardCharsets.US_ASCII);
  }

  static String json(Map<String, Object> m) {
    return Json.createObjectBuilder(m).build().toString();
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The instant a token built now is judged at: half way through its hour. */
  public static Instant verifyAt() {
    return SimCs.IAT.plusSeconds(1800);
  }
}
