package dev.teepol.providers.tpm;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.JsonPrefix;
import dev.teepol.providers.tpm.abi.AttestationBundle;
import dev.teepol.providers.tpm.abi.AttestationDumpParser;
import dev.teepol.providers.tpm.abi.EventLogParser;
import dev.teepol.providers.tpm.abi.GoTpmAttestationParser;
import dev.teepol.providers.tpm.verify.AkPathCache;
import java.util.ArrayList;
import java.util.List;

/**
 * TPM 2.0 attestation: quotes signed by an attestation key (AK), AK trust from a certificate chain
 * or a pin, TCG event logs replayed bank by bank and decoded, the COS launcher's canonical event
 * log. Reads go-tpm-tools {@code Attestation} protobufs, go-attestation JSON dumps and bare
 * crypto-agile event logs (the last can never be allowed: nothing signs it).
 */
public final class TpmProvider implements EvidenceProvider {
  public static final String ID = "tpm";

  /** Validated AK certificate paths: this instance's cache, shared by every appraisal it runs. */
  private final AkPathCache akPaths = new AkPathCache();

  @Override
  public String id() {
    return ID;
  }

  /**
   * A bounded look: the protobuf's leading ak_pub field, a crypto-agile log's Spec ID header, or a
   * JSON object whose top-level members include AK, Quote and Log.
   */
  @Override
  public boolean recognizes(EvidenceSource source, Limits limits) {
    byte[] b = source.content();
    if (GoTpmAttestationParser.sniff(b) || EventLogParser.startsCryptoAgile(b)) {
      return true;
    }
    if (b.length == 0
        || (b[0] != '{' && b[0] != ' ' && b[0] != '\n' && b[0] != '\r' && b[0] != '\t')) {
      return false;
    }
    JsonPrefix p = JsonPrefix.scan(b, limits);
    return p.isObject() && AttestationDumpParser.MEMBERS.stream().allMatch(p::has);
  }

  /**
   * Verifies an attestation and publishes the typed result. No nonce check runs here, whatever the
   * context holds: a format that carries a TPM quote decides where its nonce is.
   */
  public VerifiedTpmQuote verify(String subject, byte[] content, AppraisalContext ctx) {
    AttestationBundle bundle;
    try {
      bundle = container(content, ctx.limits());
    } catch (ParseException e) {
      return new VerifiedTpmQuote(
          java.util.Optional.empty(),
          List.of(),
          false,
          false,
          java.util.Map.of(),
          Appraisal.unparsable(ID, subject, TpmChecks.PARSE, e.getMessage()));
    }
    TpmAppraiser.Result r = TpmAppraiser.appraise(bundle, ctx, akPaths);
    TpmAppraiser.Findings f = r.findings();
    Appraisal a = new Appraisal(TpmEvidence.of(subject, f), r.checks());
    return new VerifiedTpmQuote(
        f.ak(),
        f.quotes().stream().map(TpmAppraiser.CheckedQuote::quote).toList(),
        f.signed(),
        f.akTrusted(),
        f.verifiedPcrs(),
        a);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    VerifiedTpmQuote v = verify(source.name(), source.content(), context);
    if (context.expectedNonce().isEmpty()) {
      return v.appraisal();
    }
    // NonceInfo's one rule: a nonce check only when one was supplied. The quote's extraData is
    // the nonce exactly; an empty nonce is a value (it matches only an empty extraData).
    byte[] expected = context.expectedNonce().get();
    List<CheckResult> checks = new ArrayList<>(v.checks());
    boolean ok;
    if (v.quotes().isEmpty()) {
      ok = false;
      checks.add(
          CheckResult.unevaluable(
              TpmChecks.QUOTE_NONCE, CheckCategory.BINDING, "no quote decoded to carry the nonce"));
    } else {
      List<String> differ = new ArrayList<>();
      for (int i = 0; i < v.quotes().size(); i++) {
        byte[] extra = v.quotes().get(i).extraData();
        if (!Digests.constantTimeEquals(extra, expected)) {
          differ.add(
              "quote "
                  + i
                  + " carries "
                  + (extra.length == 0 ? "no extraData" : Hex.abbreviate(Hex.of(extra))));
        }
      }
      ok = differ.isEmpty();
      checks.add(
          CheckResult.of(
              TpmChecks.QUOTE_NONCE,
              CheckCategory.BINDING,
              ok,
              "extraData of every quote is the nonce",
              String.join("; ", differ)
                  + ", not the nonce "
                  + (expected.length == 0 ? "(empty)" : Hex.abbreviate(Hex.of(expected)))));
    }
    return new Appraisal(
        v.appraisal().evidence().toBuilder().nonce(NonceInfo.supplied(expected, ok)).build(),
        checks);
  }

  /** Which container the bytes are, decoded: the sniffs decide, the parsers check everything. */
  static AttestationBundle container(byte[] b, Limits limits) throws ParseException {
    if (GoTpmAttestationParser.sniff(b)) {
      return GoTpmAttestationParser.parse(b, limits);
    }
    if (EventLogParser.startsCryptoAgile(b)) {
      return AttestationBundle.eventLogOnly(b.clone());
    }
    JsonPrefix p = JsonPrefix.scan(b, limits);
    if (p.isObject() && AttestationDumpParser.MEMBERS.stream().allMatch(p::has)) {
      return AttestationDumpParser.parse(b, limits);
    }
    throw new ParseException(
        "evidence",
        0,
        "not a TPM attestation (a go-tpm-tools Attestation protobuf, a go-attestation JSON dump or"
            + " a crypto-agile TCG event log)");
  }
}
