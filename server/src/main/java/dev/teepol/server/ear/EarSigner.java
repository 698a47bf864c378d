package dev.teepol.server.ear;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.verifier.PolicyInfo;
import dev.teepol.verifier.VerificationResult;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signs a verdict as an IETF RATS EAR attestation result (veraison/ear, profile {@value
 * #EAT_PROFILE}): one submodule per appraised component, each with its status, trustworthiness
 * vector and the appraisal policy's id; {@code eat_nonce} when a nonce was checked. JWS ES256 or
 * ES384 with the configured key, {@code kid} its thumbprint (published at /.well-known/jwks.json).
 */
public final class EarSigner {
  public static final String EAT_PROFILE = "tag:github.com,2023:veraison/ear";
  public static final String MEDIA_TYPE = "application/eat+jwt";
  public static final String DEVELOPER = "https://github.com/teepol/teepol";

  private final SigningKey key;
  private final String build;
  private final ECDSASigner signer;

  public EarSigner(SigningKey key, String build) {
    this.key = key;
    this.build = build;
    try {
      this.signer = new ECDSASigner(key.jwk());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    // Bouncy Castle's P-256/P-384 arithmetic signs several times faster than SunEC on JDK 17; the
    // provider instance is private to this signer (nothing is registered JVM-wide).
    signer.getJCAContext().setProvider(new BouncyCastleProvider());
  }

  public SigningKey key() {
    return key;
  }

  /** {@code ear.appraisal-policy-id}: name, version and the SHA-256 of the policy's text. */
  public static String policyId(PolicyInfo p) {
    return "policy:" + p.name() + "/v" + p.version() + "#sha256:" + p.sha256();
  }

  /** The submodules of a verdict: one per component of composite evidence, else one. */
  public static Map<String, Submod> submods(VerificationResult r) {
    Map<String, Submod> out = new LinkedHashMap<>();
    Appraisal a = r.appraisal();
    if (a.components().isEmpty()) {
      out.put(
          r.provider().isEmpty() ? "evidence" : r.provider(), Submod.of(r.verdict(), r.evidence()));
    } else {
      a.components().keySet().stream()
          .sorted()
          .forEach(
              name ->
                  out.put(
                      name,
                      Submod.of(r.componentVerdict(name), a.components().get(name).evidence())));
    }
    return out;
  }

  /** The claims, as the JWT carries them. */
  public JWTClaimsSet claims(VerificationResult r, Optional<byte[]> nonce, Instant issuedAt) {
    String policyId = policyId(r.policy());
    Map<String, Object> submods = new LinkedHashMap<>();
    submods(r)
        .forEach(
            (name, s) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("ear.status", s.status().text());
              m.put("ear.trustworthiness-vector", s.vector());
              m.put("ear.appraisal-policy-id", policyId);
              submods.put(name, m);
            });
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .claim("eat_profile", EAT_PROFILE)
            .issueTime(Date.from(issuedAt))
            .claim("ear.verifier-id", Map.of("developer", DEVELOPER, "build", build))
            .claim("submods", submods)
            // teepol's own decision on the whole, so a relying party never has to combine submods.
            .claim("teepol.decision", r.decision().name())
            .claim("teepol.verified-at", r.verifiedAt().getEpochSecond());
    nonce.ifPresent(
        n -> b.claim("eat_nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(n)));
    return b.build();
  }

  /** The compact JWS of the attestation result. */
  public String sign(VerificationResult r, Optional<byte[]> nonce, Instant issuedAt) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(key.algorithm())
                .keyID(key.keyId())
                .type(new JOSEObjectType("eat+jwt"))
                .build(),
            claims(r, nonce, issuedAt));
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing the attestation result: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
