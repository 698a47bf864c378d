package dev.teepol.kms.ratls;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.dstack.DstackAppraiser.DstackAppraisal;
import dev.teepol.providers.dstack.DstackChecks;
import dev.teepol.providers.dstack.DstackDocument;
import dev.teepol.providers.dstack.DstackDocumentParser;
import dev.teepol.providers.tdx.abi.ReportBody;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dstack RA-TLS certificate chains (PEM, leaf first): the app certificate, the app CA the KMS
 * issued, the KMS root. The TDX quote in the app certificate is verified by the dstack appraiser
 * (and through it the TDX provider) with the event log beside it, so the app's identity and its key
 * provider come from the replayed log; this provider adds that the chain holds, that the quote
 * binds the certificate's key ({@code SHA-512("ratls-cert:" ‖ SPKI)}, dstack's {@code
 * QuoteContentType::RaTlsCert}), that the chain's root is the KMS root key the node attested, and
 * that the app id agrees. docs/providers/dstack-ratls.md lists the checks.
 */
public final class RatlsProvider implements EvidenceProvider {
  public static final String ID = "dstack-ratls";

  /** dstack's report_data tag for an RA-TLS certificate key. */
  static final byte[] TAG = "ratls-cert:".getBytes(StandardCharsets.US_ASCII);

  private final DstackAppraiser dstack;

  RatlsProvider(DstackAppraiser dstack) {
    this.dstack = dstack;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source, Limits limits) {
    return source.content().length <= limits.maxEvidenceBytes()
        && RatlsParser.looksLikePem(source.content());
  }

  /** report_data for a certificate key under dstack's RA-TLS convention. */
  public static byte[] reportDataFor(byte[] spki) {
    MessageDigest md = Digests.sha512();
    md.update(TAG);
    return md.digest(spki);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext ctx) {
    RatlsChain chain;
    try {
      chain = RatlsParser.parse(source.content(), ctx.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(ID, source.name(), RatlsChecks.INPUT_PARSE, e.getMessage());
    }
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(
            RatlsChecks.INPUT_PARSE,
            CheckCategory.PARSE,
            chain.chain().size()
                + " certificates, leaf '"
                + chain.leaf().getSubjectX500Principal().getName()
                + "'"));
    Instant at = ctx.clock().instant();
    checks.add(chainCheck(chain, at));
    checks.add(leafUsage(chain));

    if (chain.quote().isEmpty()) {
      checks.add(
          CheckResult.fail(
              RatlsChecks.QUOTE_EXTENSION,
              CheckCategory.PARSE,
              chain.versionedAttestation()
                  ? "the certificate carries a dstack VersionedAttestation (non-TDX platform), which"
                      + " teepol does not verify yet"
                  : "the app certificate has no TDX quote extension ("
                      + RatlsOids.TDX_QUOTE
                      + ")"));
      Evidence ev =
          Evidence.builder(ID, source.name())
              .nonce(nonceInfo(ctx))
              .signers(List.of(new Signer("spki", Hex.of(chain.leafSpki()), Binding.SELF_REPORTED)))
              .build();
      return new Appraisal(ev, checks, Map.of(), Optional.of(at));
    }
    checks.add(
        CheckResult.pass(
            RatlsChecks.QUOTE_EXTENSION,
            CheckCategory.PARSE,
            "TDX quote "
                + chain.quote().get().length
                + " bytes"
                + (chain.eventLog().isPresent() ? ", event log present" : ", no event log")));

    DstackDocument doc;
    try {
      doc = DstackDocumentParser.parse(dstackDocument(chain), ctx.limits());
    } catch (ParseException e) {
      checks.add(
          CheckResult.fail(
              RatlsChecks.QUOTE_EXTENSION,
              CheckCategory.PARSE,
              "embedded attestation: " + e.getMessage()));
      return new Appraisal(Evidence.empty(ID, source.name()), checks, Map.of(), Optional.of(at));
    }
    // The certificate's report_data binds its key, never a caller's nonce: dstack's nonce check
    // would only restate that, so the nonce is handled below.
    DstackAppraisal da = dstack.appraise(source.name(), ID, doc, ctx.withoutExpectedNonce());
    for (CheckResult c : da.appraisal().checks()) {
      // A certificate never carries the app compose file, so dstack's compose-file check can only
      // be UNEVALUABLE here; the compose hash itself stays proven by the replayed event.
      if (!c.id().equals(DstackChecks.COMPOSE_HASH)) {
        checks.add(c);
      }
    }

    Optional<byte[]> reportData = da.quote().body().map(ReportBody::reportData);
    boolean keyBound = false;
    if (reportData.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              RatlsChecks.REPORT_DATA_KEY, CheckCategory.BINDING, "the quote did not decode"));
    } else if (MessageDigest.isEqual(reportData.get(), reportDataFor(chain.leafSpki()))) {
      keyBound = da.quote().authentic();
      checks.add(
          CheckResult.pass(
              RatlsChecks.REPORT_DATA_KEY,
              CheckCategory.BINDING,
              "report_data = sha512(\"ratls-cert:\" ‖ app certificate SPKI)"));
    } else {
      checks.add(
          CheckResult.fail(
              RatlsChecks.REPORT_DATA_KEY,
              CheckCategory.BINDING,
              "report_data "
                  + Hex.abbreviate(Hex.of(reportData.get()))
                  + " is not sha512(\"ratls-cert:\" ‖ SPKI) of the app certificate's key: the quote"
                  + " does not vouch for this certificate"));
    }

    Evidence ev = da.appraisal().evidence();
    checks.add(kmsRoot(chain, ev));
    checks.add(appId(chain, ev));
    if (ctx.expectedNonce().isPresent()) {
      checks.add(
          CheckResult.fail(
              RatlsChecks.NONCE,
              CheckCategory.BINDING,
              "an RA-TLS certificate's report_data binds its key, not a caller's nonce: freshness"
                  + " comes from the TLS handshake with that key"));
    }
    Map<String, Binding> bound = new HashMap<>(ev.bound());
    bound.put("signers", keyBound ? Binding.REPORT_DATA : Binding.SELF_REPORTED);
    Evidence out =
        ev.toBuilder()
            .kind(ID)
            .nonce(nonceInfo(ctx))
            .signers(
                List.of(
                    new Signer(
                        "spki",
                        Hex.of(chain.leafSpki()),
                        keyBound ? Binding.REPORT_DATA : Binding.SELF_REPORTED)))
            .bound(bound)
            .build();
    Instant horizon = earliestExpiry(chain);
    Appraisal a = new Appraisal(out, checks).withValidUntilOf(da.appraisal());
    return a.validUntil().isPresent() && a.validUntil().get().isAfter(horizon)
        ? a.withValidUntil(horizon)
        : a;
  }

  private static NonceInfo nonceInfo(AppraisalContext ctx) {
    return ctx.expectedNonce().map(n -> NonceInfo.supplied(n, false)).orElse(NonceInfo.NONE);
  }

  /** The GetQuote-shaped document the dstack appraiser reads, built with a JSON writer. */
  private static byte[] dstackDocument(RatlsChain chain) {
    return Json.createObjectBuilder()
        .add("quote", Hex.of(chain.quote().get()))
        .add("event_log", chain.eventLog().orElse("[]"))
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Each certificate is signed by the next, CA constraints and validity hold at the appraisal time,
   * and the last is a self-signed root. Trust in that root is not decided here: it must be the key
   * provider the node attested ({@link #kmsRoot}) and a policy pins it ({@code kms.allowedRoots}).
   */
  private static CheckResult chainCheck(RatlsChain chain, Instant at) {
    X509Certificate root = chain.root();
    if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal())) {
      return CheckResult.fail(
          RatlsChecks.CHAIN,
          CheckCategory.CHAIN,
          "the chain does not end in a self-signed KMS root (last certificate '"
              + root.getSubjectX500Principal().getName()
              + "' is issued by '"
              + root.getIssuerX500Principal().getName()
              + "')");
    }
    try {
      root.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      return CheckResult.fail(
          RatlsChecks.CHAIN, CheckCategory.CHAIN, "the KMS root's self-signature does not verify");
    }
    if (root.getBasicConstraints() < 0) {
      return CheckResult.fail(
          RatlsChecks.CHAIN, CheckCategory.CHAIN, "the KMS root is not a CA certificate");
    }
    Optional<String> problem = Certificates.validatePath(chain.chain(), List.of(root), at);
    if (problem.isPresent()) {
      return CheckResult.fail(RatlsChecks.CHAIN, CheckCategory.CHAIN, problem.get());
    }
    return CheckResult.pass(
        RatlsChecks.CHAIN,
        CheckCategory.CHAIN,
        "app certificate → "
            + (chain.chain().size() - 2)
            + " CA(s) → KMS root (spki sha256 "
            + Hex.abbreviate(Certificates.spkiSha256Hex(root))
            + ")");
  }

  /** The leaf is an end-entity certificate for an app, not a CA the KMS delegated. */
  private static CheckResult leafUsage(RatlsChain chain) {
    if (chain.leaf().getBasicConstraints() >= 0) {
      return CheckResult.fail(
          RatlsChecks.LEAF_USAGE, CheckCategory.BINDING, "the app certificate is a CA certificate");
    }
    Optional<String> usage = chain.leafUsage();
    if (usage.isPresent() && (!usage.get().startsWith("app:") || usage.get().equals("app:ca"))) {
      return CheckResult.fail(
          RatlsChecks.LEAF_USAGE,
          CheckCategory.BINDING,
          "the app certificate's usage is '" + usage.get() + "', not an app leaf usage");
    }
    return CheckResult.pass(
        RatlsChecks.LEAF_USAGE,
        CheckCategory.BINDING,
        usage.map(u -> "usage " + u).orElse("end-entity certificate (no usage extension)"));
  }

  /** The chain's root is the key provider the node booted with (RTMR3 key-provider event). */
  private static CheckResult kmsRoot(RatlsChain chain, Evidence ev) {
    String attested = ev.kms().rootKey();
    if (attested.isEmpty() || ev.bound().get("kms.root_key") != Binding.REPLAY) {
      return CheckResult.unevaluable(
          RatlsChecks.KMS_ROOT,
          CheckCategory.BINDING,
          "the node's key provider is not proven (no replayed key-provider event)");
    }
    if (!"kms".equals(ev.kms().provider())) {
      return CheckResult.fail(
          RatlsChecks.KMS_ROOT,
          CheckCategory.BINDING,
          "the node's key provider is '" + ev.kms().provider() + "', not a dstack KMS");
    }
    byte[] root = chain.rootSpki();
    if (MessageDigest.isEqual(
        Hex.of(root).getBytes(StandardCharsets.US_ASCII),
        attested.getBytes(StandardCharsets.US_ASCII))) {
      return CheckResult.pass(
          RatlsChecks.KMS_ROOT,
          CheckCategory.BINDING,
          "the chain's root key is the attested KMS root " + Hex.abbreviate(attested));
    }
    return CheckResult.fail(
        RatlsChecks.KMS_ROOT,
        CheckCategory.BINDING,
        "the chain's root key "
            + Hex.abbreviate(Hex.of(root))
            + " is not the KMS root the node attested ("
            + Hex.abbreviate(attested)
            + ")");
  }

  /** The app-id extensions of the leaf and its CA agree with the replayed app id. */
  private static CheckResult appId(RatlsChain chain, Evidence ev) {
    if (chain.leafAppId().isEmpty()) {
      return CheckResult.fail(
          RatlsChecks.APP_ID, CheckCategory.BINDING, "the app certificate has no app-id extension");
    }
    String leaf = Hex.of(chain.leafAppId().get());
    if (chain.caAppId().isPresent() && !Hex.of(chain.caAppId().get()).equals(leaf)) {
      return CheckResult.fail(
          RatlsChecks.APP_ID,
          CheckCategory.BINDING,
          "the app certificate is for app "
              + leaf
              + " but its CA was issued for app "
              + Hex.of(chain.caAppId().get()));
    }
    String attested = ev.workload().appId();
    if (attested.isEmpty()) {
      return CheckResult.unevaluable(
          RatlsChecks.APP_ID, CheckCategory.BINDING, "the node's app id is not proven");
    }
    if (!attested.equals(leaf)) {
      return CheckResult.fail(
          RatlsChecks.APP_ID,
          CheckCategory.BINDING,
          "the certificate is for app " + leaf + " but the node attests app " + attested);
    }
    return CheckResult.pass(RatlsChecks.APP_ID, CheckCategory.BINDING, "app " + leaf);
  }

  private static Instant earliestExpiry(RatlsChain chain) {
    Instant min = Instant.MAX;
    for (X509Certificate c : chain.chain()) {
      Instant na = c.getNotAfter().toInstant();
      if (na.isBefore(min)) {
        min = na;
      }
    }
    return min;
  }
}
