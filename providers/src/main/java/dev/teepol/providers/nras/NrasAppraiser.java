package dev.teepol.providers.nras;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges an NRAS response: every token's signature and window, the overall verdict and nonce, the
 * submods digests that tie the device tokens to the overall one, and each device's claims. The NEAR
 * provider runs this for the GPUs of a model node.
 */
public final class NrasAppraiser {
  /** Claims that must all be true for the GPU attestation report to count as checked by NRAS. */
  static final List<String> REPORT_CLAIMS =
      List.of(
          "x-nvidia-gpu-attestation-report-parsed",
          "x-nvidia-gpu-attestation-report-nonce-match",
          "x-nvidia-gpu-attestation-report-signature-verified",
          "x-nvidia-gpu-attestation-report-cert-chain-validated");

  /** Claims that must all be true for the reference measurements (RIMs) to count as applied. */
  static final List<String> RIM_CLAIMS =
      List.of(
          "x-nvidia-gpu-arch-check",
          "x-nvidia-gpu-driver-rim-fetched",
          "x-nvidia-gpu-driver-rim-schema-validated",
          "x-nvidia-gpu-driver-rim-signature-verified",
          "x-nvidia-gpu-driver-rim-cert-validated",
          "x-nvidia-gpu-driver-rim-measurements-available",
          "x-nvidia-gpu-vbios-rim-fetched",
          "x-nvidia-gpu-vbios-rim-schema-validated",
          "x-nvidia-gpu-vbios-rim-signature-verified",
          "x-nvidia-gpu-vbios-rim-cert-validated",
          "x-nvidia-gpu-vbios-rim-measurements-available",
          "x-nvidia-gpu-vbios-index-no-conflict");

  /**
   * @param bound provenance labels for {@code gpus}
   * @param devices who each entry of {@code gpus} is, in the same order
   */
  public record Result(
      List<CheckResult> checks,
      List<Gpu> gpus,
      NonceInfo nonce,
      Map<String, Binding> bound,
      List<Device> devices) {}

  /**
   * A device of the response as its token names it.
   *
   * @param name the response's name for it ({@code GPU-0})
   * @param verified the token's signature and window passed
   * @param ueid the token's {@code ueid} (for NVIDIA GPUs the decimal serial number of the device's
   *     leaf certificate), from a verified token only; empty otherwise
   */
  public record Device(String name, boolean verified, Optional<String> ueid) {}

  private NrasAppraiser() {}

  /**
   * Judges {@code r} with the JWKS the context's collateral source serves ({@link
   * NrasCollateral#JWKS}); its keys count only as far as they chain to the context's {@link
   * TrustAnchors#NVIDIA_NRAS_INTERMEDIATE}. Without a JWKS every token is UNEVALUABLE.
   *
   * @param arch the GPU architecture the evidence was sent as (e.g. HOPPER), "" when unknown
   */
  public static Result appraise(NrasResponse r, AppraisalContext ctx, String arch) {
    Optional<JWKSet> keys;
    String noKeysReason = "no NRAS JWKS available (offline without a recorded JWKS)";
    try {
      keys = NrasCollateral.jwks(ctx);
    } catch (NrasCollateral.JwksException e) {
      keys = Optional.empty();
      noKeysReason = e.getMessage();
    }
    Optional<byte[]> expectedNonce = ctx.expectedNonce();
    TokenVerifier.Trust trust =
        new TokenVerifier.Trust(
            keys,
            noKeysReason,
            ctx.trustAnchors().get(TrustAnchors.NVIDIA_NRAS_INTERMEDIATE),
            ctx.clock(),
            ctx.limits());
    List<CheckResult> checks = new ArrayList<>();
    TokenVerifier.Verified overall = TokenVerifier.verify(r.overall(), trust);
    checks.add(
        check(
            NrasChecks.OVERALL_SIGNATURE,
            CheckCategory.SIGNATURE,
            overall.signature(),
            "ES384, kid " + overall.kid()));
    checks.add(
        check(
            NrasChecks.OVERALL_TIME,
            CheckCategory.COLLATERAL,
            overall.time(),
            "within nbf/iat..exp"));
    Optional<JWTClaimsSet> oc = overall.claims();
    checks.add(
        check(
            NrasChecks.OVERALL_RESULT,
            CheckCategory.TCB,
            oc.map(
                    c ->
                        Boolean.TRUE.equals(c.getClaim("x-nvidia-overall-att-result"))
                            ? Outcome.PASS
                            : Outcome.fail(
                                "x-nvidia-overall-att-result is "
                                    + c.getClaim("x-nvidia-overall-att-result")))
                .orElse(Outcome.unevaluable("overall token not verified")),
            "NRAS overall result true"));
    Optional<String> overallNonce = oc.flatMap(c -> stringClaim(c, "eat_nonce"));
    NonceInfo nonce = NonceInfo.NONE;
    if (expectedNonce.isPresent()) {
      boolean ok = overallNonce.map(n -> sameHex(n, expectedNonce.get())).orElse(false);
      nonce = new NonceInfo(Hex.of(expectedNonce.get()), ok);
      checks.add(
          check(
              NrasChecks.OVERALL_NONCE,
              CheckCategory.BINDING,
              oc.isEmpty()
                  ? Outcome.unevaluable("overall token not verified")
                  : ok
                      ? Outcome.PASS
                      : Outcome.fail(
                          "eat_nonce "
                              + overallNonce.orElse("(none)")
                              + " is not the expected nonce "
                              + Hex.of(expectedNonce.get())),
              "eat_nonce = expected nonce"));
    }
    // Without an expected nonce there is no nonce check (NonceInfo's one rule): state "not
    // supplied".
    checks.add(
        check(
            NrasChecks.SUBMODS,
            CheckCategory.BINDING,
            submods(r, oc),
            "every device token is named by its SHA-256"));

    List<Gpu> gpus = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    Map<String, Binding> bound = new LinkedHashMap<>();
    Set<String> slugs = new HashSet<>();
    int position = 0;
    for (Map.Entry<String, String> e : r.detached().entrySet()) {
      String name = e.getKey();
      if (!slugs.add(NrasChecks.slug(name))) {
        checks.add(
            CheckResult.fail(
                NrasChecks.PARSE, CheckCategory.PARSE, "device names collide: " + name));
        continue;
      }
      TokenVerifier.Verified t = TokenVerifier.verify(e.getValue(), trust);
      checks.add(
          check(
              NrasChecks.device(name, NrasChecks.SIGNATURE),
              CheckCategory.SIGNATURE,
              t.signature(),
              "ES384, kid " + t.kid()));
      checks.add(
          check(
              NrasChecks.device(name, NrasChecks.TIME),
              CheckCategory.COLLATERAL,
              t.time(),
              "within nbf/iat..exp"));
      Optional<JWTClaimsSet> c = t.claims().filter(x -> t.time().passed());
      Optional<String> devNonce = c.flatMap(x -> stringClaim(x, "eat_nonce"));
      boolean nonceOk =
          devNonce.isPresent()
              && overallNonce.isPresent()
              && devNonce.get().equalsIgnoreCase(overallNonce.get())
              && expectedNonce.map(n -> sameHex(devNonce.get(), n)).orElse(true);
      checks.add(
          check(
              NrasChecks.device(name, NrasChecks.NONCE),
              CheckCategory.BINDING,
              c.isEmpty()
                  ? Outcome.unevaluable("token not verified")
                  : nonceOk
                      ? Outcome.PASS
                      : Outcome.fail(
                          "device eat_nonce "
                              + devNonce.orElse("(none)")
                              + " differs from the overall/expected nonce"),
              "device nonce = overall nonce"));
      boolean measres = c.map(x -> "success".equals(x.getClaim("measres"))).orElse(false);
      boolean secboot = c.map(x -> Boolean.TRUE.equals(x.getClaim("secboot"))).orElse(false);
      boolean dbgOff = c.map(x -> "disabled".equals(x.getClaim("dbgstat"))).orElse(false);
      checks.add(claim(name, NrasChecks.MEASRES, c, measres, "measres"));
      checks.add(claim(name, NrasChecks.SECBOOT, c, secboot, "secboot"));
      checks.add(claim(name, NrasChecks.DBGSTAT, c, dbgOff, "dbgstat"));
      checks.add(
          allTrue(name, NrasChecks.ATTESTATION_REPORT, CheckCategory.BINDING, c, REPORT_CLAIMS));
      checks.add(allTrue(name, NrasChecks.RIM, CheckCategory.TCB, c, RIM_CLAIMS));
      boolean verified = c.isPresent();
      String hwmodel = c.flatMap(x -> stringClaim(x, "hwmodel")).orElse("");
      gpus.add(
          new Gpu(
              index(name, position),
              GpuArch.of(hwmodel).orElse(arch),
              hwmodel,
              c.flatMap(x -> stringClaim(x, "x-nvidia-gpu-driver-version")).orElse(""),
              c.flatMap(x -> stringClaim(x, "x-nvidia-gpu-vbios-version")).orElse(""),
              measres,
              secboot,
              dbgOff,
              verified && nonceOk && expectedNonce.isPresent(),
              verified));
      devices.add(new Device(name, verified, c.flatMap(x -> stringClaim(x, "ueid"))));
      bound.put("gpus[" + position + "]", verified ? Binding.SIGNATURE : Binding.SELF_REPORTED);
      position++;
    }
    return new Result(checks, gpus, nonce, bound, devices);
  }

  /**
   * Each submods entry is ["DIGEST", ["SHA-256", hex]] over the exact compact JWS of its device
   * token.
   */
  private static Outcome submods(NrasResponse r, Optional<JWTClaimsSet> oc) {
    if (oc.isEmpty()) {
      return Outcome.unevaluable("overall token not verified");
    }
    Object sm = oc.get().getClaim("submods");
    if (!(sm instanceof Map<?, ?> submods)) {
      return Outcome.fail("the overall token has no submods object");
    }
    List<String> problems = new ArrayList<>();
    for (Object k : submods.keySet()) {
      if (!r.detached().containsKey(String.valueOf(k))) {
        problems.add(k + " has no device token");
      }
    }
    for (Map.Entry<String, String> e : r.detached().entrySet()) {
      Object entry = submods.get(e.getKey());
      Optional<String> digest = digestOf(entry);
      if (digest.isEmpty()) {
        problems.add(e.getKey() + " is not named in submods as [\"DIGEST\", [\"SHA-256\", hex]]");
        continue;
      }
      byte[] actual = Digests.sha256(e.getValue().getBytes(StandardCharsets.US_ASCII));
      if (!sameHex(digest.get(), actual)) {
        problems.add(
            e.getKey()
                + " token hashes to "
                + Hex.abbreviate(Hex.of(actual))
                + ", submods says "
                + Hex.abbreviate(digest.get()));
      }
    }
    return problems.isEmpty() ? Outcome.PASS : Outcome.fail(String.join("; ", problems));
  }

  private static Optional<String> digestOf(Object entry) {
    if (entry instanceof List<?> l
        && l.size() == 2
        && "DIGEST".equals(l.get(0))
        && l.get(1) instanceof List<?> d
        && d.size() == 2
        && "SHA-256".equals(d.get(0))
        && d.get(1) instanceof String h) {
      return Optional.of(h);
    }
    return Optional.empty();
  }

  private static CheckResult claim(
      String device, String suffix, Optional<JWTClaimsSet> c, boolean ok, String claim) {
    Outcome o =
        c.isEmpty()
            ? Outcome.unevaluable("token not verified")
            : ok
                ? Outcome.PASS
                : Outcome.fail(
                    claim + " is " + c.get().getClaim(claim) + " (null or absent is not proof)");
    return check(
        NrasChecks.device(device, suffix),
        CheckCategory.TCB,
        o,
        claim + " = " + c.map(x -> x.getClaim(claim)).orElse(null));
  }

  private static CheckResult allTrue(
      String device,
      String suffix,
      CheckCategory cat,
      Optional<JWTClaimsSet> c,
      List<String> claims) {
    if (c.isEmpty()) {
      return CheckResult.unevaluable(NrasChecks.device(device, suffix), cat, "token not verified");
    }
    List<String> notTrue =
        claims.stream().filter(k -> !Boolean.TRUE.equals(c.get().getClaim(k))).toList();
    return check(
        NrasChecks.device(device, suffix),
        cat,
        notTrue.isEmpty() ? Outcome.PASS : Outcome.fail("not true: " + notTrue),
        claims.size() + " claims true");
  }

  private static CheckResult check(String id, CheckCategory cat, Outcome o, String passDetail) {
    return new CheckResult(id, cat, o, o.passed() ? passDetail : "");
  }

  private static Optional<String> stringClaim(JWTClaimsSet c, String name) {
    return c.getClaim(name) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static boolean sameHex(String hex, byte[] expected) {
    if (!Hex.isHex(hex)) {
      return false;
    }
    return MessageDigest.isEqual(Hex.decode(hex.toLowerCase(java.util.Locale.ROOT)), expected);
  }

  /**
   * GPU-3 → 3; a name that is not a prefix and at most four trailing digits keeps its position in
   * the response. One backward scan: names are attacker-chosen (and bounded by {@code
   * Limits.maxNameChars}), so no regular expression runs on them.
   */
  private static int index(String name, int position) {
    int start = name.length();
    while (start > 0 && name.charAt(start - 1) >= '0' && name.charAt(start - 1) <= '9') {
      start--;
    }
    int digits = name.length() - start;
    return start > 0 && digits >= 1 && digits <= 4
        ? Integer.parseInt(name.substring(start))
        : position;
  }
}
