package dev.teepol.providers.confidentialspace;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.confidentialspace.token.CsToken;
import dev.teepol.providers.confidentialspace.token.TokenParser;
import dev.teepol.providers.confidentialspace.verify.TokenChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Google Confidential Space attestation tokens, both flavours: PKI (RS256, {@code x5c} chained to
 * the pinned Confidential Space root) and OIDC (RS256 with a key of the JWKS the operator
 * configured). The relying party's audience comes from {@link
 * dev.teepol.core.spi.RelyingParty#audience()}, its nonce from the context.
 */
public final class ConfidentialSpaceProvider implements EvidenceProvider {
  public static final String ID = "confidential-space";

  /** This instance's checks and the chains they validated. */
  private final TokenChecks checks = new TokenChecks();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source, Limits limits) {
    return TokenParser.looksLikeToken(source.content(), limits);
  }

  /**
   * Verifies a token and publishes the typed result, for providers that build on Confidential
   * Space.
   *
   * @param subject what the token attests, for its normalized evidence
   */
  public VerifiedToken verify(String subject, byte[] token, AppraisalContext ctx) {
    CsToken t;
    try {
      t = TokenParser.parse(token, ctx.limits());
    } catch (ParseException e) {
      Appraisal bad =
          Appraisal.unparsable(ID, subject, ConfidentialSpaceChecks.PARSE, e.getMessage());
      // A supplied nonce the token was not shown to carry is "differs", never "not supplied".
      Evidence ev =
          ctx.expectedNonce().isEmpty()
              ? bad.evidence()
              : bad.evidence().toBuilder()
                  .nonce(NonceInfo.supplied(ctx.expectedNonce().get(), false))
                  .build();
      return new VerifiedToken(Optional.empty(), false, false, new Appraisal(ev, bad.checks()));
    }
    TokenChecks.Result r = checks.run(t, ctx);
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(
            ConfidentialSpaceChecks.PARSE,
            CheckCategory.PARSE,
            (t.header().pki() ? "PKI" : "OIDC") + " token, " + t.compact().length() + " bytes"));
    checks.addAll(r.checks());
    boolean authentic = r.signed() && r.chained();
    Appraisal a =
        new Appraisal(ConfidentialSpaceEvidence.of(subject, t, authentic, r.nonce()), checks);
    return new VerifiedToken(Optional.of(t), r.signed(), r.chained(), a);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    return verify(source.name(), source.content(), context).appraisal();
  }
}
