package dev.teepol.providers.nras;

import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.BoundedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NVIDIA Remote Attestation Service responses (detached EAT). The JWKS comes from the
 * {@link JwksSource} given at construction; the no-argument constructor (ServiceLoader) asks the
 * appraisal's collateral source for {@link JwksSource#COLLATERAL_TYPE}.
 */
public final class NrasProvider implements EvidenceProvider {
  public static final String ID = "nras";

  private final JwksSource jwks;

  public NrasProvider() {
    this(JwksSource.fromCollateral());
  }

  public NrasProvider(JwksSource jwks) {
    this.jwks = jwks;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source) {
    byte[] b = source.content();
    if (!BoundedJson.startsWith(b, '[') || b.length > Limits.DEFAULT.maxEvidenceBytes()) {
      return false;
    }
    try {
      NrasResponseParser.parse(b, Limits.DEFAULT);
      return true;
    } catch (ParseException e) {
      return false;
    }
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext ctx) {
    NrasResponse r;
    try {
      r = NrasResponseParser.parse(source.content(), ctx.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(ID, source.name(), NrasChecks.PARSE, e.getMessage());
    }
    Optional<JWKSet> keys;
    String noKeys = "no NRAS JWKS available (offline without a recorded JWKS)";
    try {
      keys = jwks.keys(ctx);
    } catch (JwksSource.JwksException e) {
      keys = Optional.empty();
      noKeys = e.getMessage();
    }
    NrasAppraiser.Result res = NrasAppraiser.appraise(r, keys, noKeys, ctx, "");
    List<CheckResult> checks = new ArrayList<>();
    checks.add(CheckResult.pass(NrasChecks.PARSE, CheckCategory.PARSE, r.detached().size() + " device token(s)"));
    checks.addAll(res.checks());
    Evidence ev = Evidence.builder(ID, source.name()).gpus(res.gpus()).nonce(res.nonce()).bound(res.bound()).build();
    return new Appraisal(ev, checks);
  }
}
