package dev.teepol.providers.confidentialspace.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceCollateral;
import dev.teepol.providers.confidentialspace.HwModel;
import dev.teepol.providers.confidentialspace.token.CsToken;
import dev.teepol.providers.confidentialspace.token.TokenClaims;
import dev.teepol.providers.jose.Jwks;
import dev.teepol.providers.jose.TokenWindow;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every check of one decoded token, each its own {@link CheckResult}: the key and its trust (x5c
 * chain or configured JWKS), the RS256 signature, then, only for a token whose signature and key
 * both hold, its window, issuer, audience, nonce and claim vocabulary. Claims of a token that did
 * not verify are never judged: they are the attacker's words. One instance per provider: it keeps
 * the chains it validated ({@link PkiChain}).
 */
public final class TokenChecks {
  /** The issuer of every Confidential Space token, PKI and OIDC alike. */
  public static final String ISSUER = "https://confidentialcomputing.googleapis.com";

  private final PkiChain chains = new PkiChain();

  /**
   * @param signed the RS256 signature verified with the token's key
   * @param chained the key is trusted: the x5c chain reaches the pinned root, or the configured
   *     JWKS holds exactly that key
   * @param nonce the freshness state (NonceInfo's one rule)
   */
  public record Result(List<CheckResult> checks, boolean signed, boolean chained, NonceInfo nonce) {
    public Result {
      checks = List.copyOf(checks);
    }
  }

  public Result run(CsToken token, AppraisalContext ctx) {
    List<CheckResult> checks = new ArrayList<>();
    Outcome chain;
    Outcome signature;
    String keyDetail;
    TokenClaims c = token.claims();
    if (!"RS256".equals(token.header().alg())) {
      // Decided before any key is looked at: alg confusion (none, HS256 with the public key as the
      // secret, PS256 ...) never reaches a verifier.
      signature =
          Outcome.fail(
              "alg '"
                  + token.header().alg()
                  + "' is refused: Confidential Space tokens are RS256, and nothing else is accepted");
      chain = Outcome.unevaluable("no key is looked up for a token with a refused alg");
      keyDetail = "";
    } else if (token.header().pki()) {
      chain =
          chains.verify(
              token.header().x5c(),
              ctx.trustAnchors().get(TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT),
              c.issuedAt(),
              ctx.clock().instant());
      signature =
          token.header().x5c().get(0).getPublicKey() instanceof RSAPublicKey rsa
              ? TokenSignature.verify(token.compact(), rsa)
              : Outcome.fail("x5c[0] does not certify an RSA key");
      keyDetail = "PKI token, x5c[0] key";
    } else {
      Optional<ConfidentialSpaceCollateral.KeySet> set;
      String noKeys =
          "an OIDC token (no x5c): no Confidential Space JWKS is configured (--cs-jwks FILE, or"
              + " --cs-jwks-live for Google's); PKI tokens need none";
      try {
        set = ConfidentialSpaceCollateral.jwks(ctx);
      } catch (Jwks.InvalidJwks e) {
        set = Optional.empty();
        noKeys = e.getMessage();
      }
      if (set.isEmpty()) {
        chain = Outcome.unevaluable(noKeys);
        signature = Outcome.unevaluable(noKeys);
        keyDetail = "";
      } else {
        JwksKey.Selected k = JwksKey.select(set.get().keys(), token.header().kid());
        if (k.key().isEmpty()) {
          chain = k.unevaluable() ? Outcome.unevaluable(k.problem()) : Outcome.fail(k.problem());
          signature = Outcome.unevaluable("no key to verify with");
          keyDetail = "";
        } else {
          chain = Outcome.PASS;
          signature = TokenSignature.verify(token.compact(), k.key().get());
          keyDetail =
              "OIDC token, JWKS key "
                  + token.header().kid().orElse("")
                  + " from "
                  + set.get().origin();
        }
      }
    }
    checks.add(
        check(
            ConfidentialSpaceChecks.SIGNATURE,
            CheckCategory.SIGNATURE,
            signature,
            "RS256, " + keyDetail));
    checks.add(
        check(
            ConfidentialSpaceChecks.CHAIN,
            CheckCategory.CHAIN,
            chain,
            token.header().pki()
                ? "x5c chains to the pinned Confidential Space root"
                : "the configured JWKS holds exactly this key"));
    boolean authentic = signature.passed() && chain.passed();
    Outcome notVerified =
        Outcome.unevaluable("the token did not verify, so its claims mean nothing");
    Instant now = ctx.clock().instant();
    checks.add(
        check(
            ConfidentialSpaceChecks.TIME,
            CheckCategory.COLLATERAL,
            authentic
                ? TokenWindow.check(
                    c.issuedAt(),
                    c.notBefore(),
                    c.expiresAt(),
                    now,
                    ctx.limits().maxJwtLifetime(),
                    "Limits.maxJwtLifetime; Confidential Space issues one-hour tokens")
                : notVerified,
            "within iat/nbf..exp, lifetime bounded"));
    checks.add(
        check(
            ConfidentialSpaceChecks.ISSUER,
            CheckCategory.BINDING,
            !authentic
                ? notVerified
                : c.issuer().filter(ISSUER::equals).isPresent()
                    ? Outcome.PASS
                    : Outcome.fail(
                        "iss is "
                            + c.issuer().map(i -> "'" + i + "'").orElse("absent")
                            + ", not "
                            + ISSUER),
            "iss " + ISSUER));
    Optional<String> audience = ctx.relyingParty().audience();
    checks.add(
        check(
            ConfidentialSpaceChecks.AUDIENCE,
            CheckCategory.BINDING,
            audience.isEmpty()
                ? Outcome.unevaluable(
                    "no expected audience supplied (--audience): a token Google issued to another"
                        + " service would pass; aud is "
                        + c.audience())
                : !authentic
                    ? notVerified
                    : c.audience().contains(audience.get())
                        ? Outcome.PASS
                        : Outcome.fail(
                            "aud "
                                + c.audience()
                                + " does not name the expected audience '"
                                + audience.get()
                                + "'"),
            "aud names '" + audience.orElse("") + "'"));
    NonceInfo nonce = NonceInfo.NONE;
    if (ctx.expectedNonce().isPresent()) {
      byte[] n = ctx.expectedNonce().get();
      Optional<String> how = authentic ? EatNonce.carried(c.eatNonces(), n) : Optional.empty();
      nonce = NonceInfo.supplied(n, how.isPresent());
      checks.add(
          check(
              ConfidentialSpaceChecks.NONCE,
              CheckCategory.BINDING,
              !authentic
                  ? notVerified
                  : how.isPresent()
                      ? Outcome.PASS
                      : Outcome.fail(
                          "eat_nonce "
                              + c.eatNonces()
                              + " does not carry the nonce "
                              + Hex.abbreviate(Hex.of(n))
                              + " (as text or in hex)"),
              how.orElse("")));
    }
    checks.add(
        check(
            ConfidentialSpaceChecks.CLAIMS,
            CheckCategory.BINDING,
            authentic ? vocabulary(token) : notVerified,
            "every claim known, hwmodel " + c.hwmodel().orElse("")));
    return new Result(checks, signature.passed(), chain.passed(), nonce);
  }

  /** Claims teepol cannot interpret make the token unacceptable (UNEVALUABLE), never ignored. */
  private static Outcome vocabulary(CsToken t) {
    List<String> problems = new ArrayList<>();
    if (!t.header().unknown().isEmpty()) {
      problems.add("unknown header parameters " + t.header().unknown());
    }
    if (!t.claims().unknown().isEmpty()) {
      problems.add("unknown claims " + t.claims().unknown());
    }
    Optional<String> hw = t.claims().hwmodel();
    if (hw.isEmpty()) {
      problems.add("no hwmodel: the token names no hardware");
    } else if (HwModel.of(hw.get()).isEmpty()) {
      problems.add("hwmodel '" + hw.get() + "' is not one teepol knows");
    }
    return problems.isEmpty()
        ? Outcome.PASS
        : Outcome.unevaluable(
            String.join("; ", problems)
                + ": teepol cannot tell what they change, so it cannot accept the token");
  }

  private static CheckResult check(String id, CheckCategory cat, Outcome o, String passDetail) {
    return new CheckResult(id, cat, o, o.passed() ? passDetail : "");
  }
}
