package dev.teepol.providers.tdx.verify;

import static dev.teepol.core.verdict.CheckCategory.BINDING;
import static dev.teepol.core.verdict.CheckCategory.CHAIN;
import static dev.teepol.core.verdict.CheckCategory.PARSE;
import static dev.teepol.core.verdict.CheckCategory.SIGNATURE;
import static dev.teepol.core.verdict.CheckCategory.TCB;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.crypto.Ecdsa;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.TdxChecks;
import dev.teepol.providers.tdx.abi.EnclaveReport;
import dev.teepol.providers.tdx.abi.QeCertification;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.QuoteParser;
import dev.teepol.providers.tdx.abi.TdAttributeBits;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tdx.collateral.IsvLevel;
import dev.teepol.providers.tdx.collateral.QeIdentity;
import dev.teepol.providers.tdx.collateral.TcbInfo;
import dev.teepol.providers.tdx.collateral.TcbLevel;
import dev.teepol.providers.tdx.collateral.TdxModuleIdentity;
import dev.teepol.providers.tdx.tcb.TcbEvaluator;
import dev.teepol.providers.tdx.tcb.TcbJudgement;
import dev.teepol.providers.tdx.tcb.TcbStatus;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Intel DCAP quote verification, each step its own check. Verified PCK chains and verified
 * collateral are cached by content and by the time window in which their checks hold, so the
 * steady-state cost of a quote from a known platform is its two ECDSA signatures.
 */
public final class DcapVerifier {
  private final LruCache<ContentKey, CachedChain> chains = new LruCache<>(256);
  private final LruCache<ContentKey, VerifiedCollateral> collateral = new LruCache<>(64);

  /**
   * Everything the verifier found out about one quote.
   *
   * @param signed the attestation key signed the quote, the PCK signed the QE report, and the QE
   *     report binds the attestation key: the same outcomes as those three checks, decided once
   *     here
   * @param chained the PCK chain validates to the Intel anchor at the appraisal time
   * @param validUntil until when every check keeps its outcome: the earliest expiry of a PCK chain
   *     certificate, a collateral signing certificate, a CRL's or a TCB info's / QE identity's next
   *     update ({@link Instant#MAX} when no check depends on time)
   */
  public record Result(
      Optional<Quote> quote,
      List<CheckResult> checks,
      boolean signed,
      boolean chained,
      Optional<TcbJudgement> tcb,
      Map<String, String> componentStatus,
      Optional<TcbInfo> tcbInfo,
      Optional<QeIdentity> qeIdentity,
      String collateralSource,
      Instant validUntil) {}

  /**
   * A decoded PCK chain, its path result and the leaf key with its precomputation, valid
   * from..until.
   */
  private record CachedChain(
      PckChain chain,
      Optional<String> pathError,
      Instant from,
      Instant until,
      Optional<Ecdsa.Key> leafKey) {}

  /** Attestation keys repeat for every quote of one quoting enclave; keep their precomputation. */
  private final LruCache<java.nio.ByteBuffer, Ecdsa.Key> attestationKeys = new LruCache<>(256);

  public Result verify(byte[] raw, AppraisalContext ctx) {
    List<CheckResult> checks = new ArrayList<>();
    Instant at = ctx.clock().instant();
    Quote quote;
    try {
      quote = QuoteParser.parse(raw, ctx.limits().maxQuoteBytes());
    } catch (ParseException e) {
      checks.add(CheckResult.fail(TdxChecks.PARSE, PARSE, e.getMessage()));
      return new Result(
          Optional.empty(),
          checks,
          false,
          false,
          Optional.empty(),
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          "",
          Instant.MAX);
    }
    checks.add(
        CheckResult.pass(
            TdxChecks.PARSE,
            PARSE,
            "quote v"
                + quote.version()
                + " "
                + quote.bodyKind()
                + ", "
                + quote.length()
                + " bytes"
                + (quote.trailingBytes() > 0
                    ? " (" + quote.trailingBytes() + " unsigned trailing bytes ignored)"
                    : "")));

    quote.tdReport().ifPresent(td -> checks.add(tdAttributes(td)));
    CheckResult quoteSignature = quoteSignature(quote, attestationKeys);
    checks.add(quoteSignature);

    Optional<QeCertification> qe = quote.qe();
    if (!Quote.INTEL_QE_VENDOR_ID.equals(quote.qeVendorId())) {
      checks.add(
          CheckResult.fail(
              TdxChecks.CERTIFICATION_DATA,
              PARSE,
              "QE vendor id " + quote.qeVendorId() + " is not Intel's"));
      return unevaluableRest(quote, checks, "the quoting enclave is not Intel's");
    }
    if (qe.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TdxChecks.CERTIFICATION_DATA,
              PARSE,
              "certification data type "
                  + quote.certDataType()
                  + " is not QE report data (6); cannot reach the PCK"));
      return unevaluableRest(quote, checks, "no QE report in the quote");
    }
    Optional<PckChain> pck;
    CachedChain cached;
    try {
      cached = chain(qe.get(), ctx, at);
      pck = Optional.of(cached.chain());
      checks.add(
          CheckResult.pass(
              TdxChecks.CERTIFICATION_DATA,
              PARSE,
              "QE report with PCK certificate chain ("
                  + cached.chain().certificates().size()
                  + " certificates)"));
      checks.add(
          CheckResult.pass(
              TdxChecks.PCK_EXTENSIONS,
              PARSE,
              "FMSPC "
                  + cached.chain().extensions().fmspc()
                  + ", PCE ID "
                  + cached.chain().extensions().pceId()
                  + ", PCESVN "
                  + cached.chain().extensions().pceSvn()));
    } catch (ParseException e) {
      boolean unsupported = e.field().equals("qe_certification_data.type");
      checks.add(
          unsupported
              ? CheckResult.unevaluable(TdxChecks.CERTIFICATION_DATA, PARSE, e.getMessage())
              : CheckResult.fail(TdxChecks.CERTIFICATION_DATA, PARSE, e.getMessage()));
      return unevaluableRest(quote, checks, "no usable PCK certificate");
    }
    PckChain chain = pck.get();
    CheckResult qeSignature = qeReportSignature(qe.get(), cached.leafKey());
    CheckResult qeBinding = qeBinding(quote, qe.get());
    CheckResult pckChain =
        CheckResult.of(
            TdxChecks.PCK_CHAIN,
            CHAIN,
            cached.pathError().isEmpty(),
            "valid to " + anchorName(ctx) + " at " + at,
            "PCK chain: " + cached.pathError().orElse(""));
    checks.add(qeSignature);
    checks.add(qeBinding);
    checks.add(pckChain);
    boolean signed = quoteSignature.passed() && qeSignature.passed() && qeBinding.passed();

    String tee = quote.isTdx() ? "tdx" : "sgx";
    VerifiedCollateral vc = collateral(tee, chain, ctx, at);
    checks.addAll(vc.checks());

    Map<String, String> components = new LinkedHashMap<>();
    Optional<TcbJudgement> judgement = judgeTcb(quote, qe.get(), chain, vc, checks, components);
    return new Result(
        Optional.of(quote),
        checks,
        signed,
        pckChain.passed(),
        judgement,
        components,
        vc.tcbInfo(),
        vc.qeIdentity(),
        vc.source(),
        min(cached.until(), vc.validUntil()));
  }

  private static String anchorName(AppraisalContext ctx) {
    List<X509Certificate> a = ctx.trustAnchors().get(TrustAnchors.INTEL_SGX_ROOT);
    return a.isEmpty() ? "(no anchor)" : "'" + a.get(0).getSubjectX500Principal().getName() + "'";
  }

  private static Result unevaluableRest(Quote quote, List<CheckResult> checks, String why) {
    for (String id : List.of(TdxChecks.QE_REPORT_SIGNATURE, TdxChecks.QE_REPORT_BINDING)) {
      checks.add(
          CheckResult.unevaluable(
              id, id.equals(TdxChecks.QE_REPORT_BINDING) ? BINDING : SIGNATURE, why));
    }
    checks.add(CheckResult.unevaluable(TdxChecks.PCK_CHAIN, CHAIN, why));
    return new Result(
        Optional.of(quote),
        checks,
        false,
        false,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        "",
        Instant.MAX);
  }

  /**
   * Reserved TD_ATTRIBUTES bits have no meaning the verifier could judge, so a TD with one set is
   * refused (as dcap-qvl does).
   */
  private static CheckResult tdAttributes(TdReport td) {
    long bits = td.tdAttributeBits();
    List<Integer> reserved = TdAttributeBits.reservedSet(bits);
    String hex = Hex.of(td.tdAttributes());
    return CheckResult.of(
        TdxChecks.TD_ATTRIBUTES,
        PARSE,
        reserved.isEmpty(),
        "TD_ATTRIBUTES " + hex + ": no reserved bit set",
        "TD_ATTRIBUTES "
            + hex
            + " sets reserved "
            + reserved.stream()
                .map(i -> "bit " + i)
                .collect(java.util.stream.Collectors.joining(", "))
            + " (SEC bits 8-27, 29 and OTHER bits 32-62 are reserved and must be zero)");
  }

  private static CheckResult quoteSignature(
      Quote q, LruCache<java.nio.ByteBuffer, Ecdsa.Key> keys) {
    try {
      java.nio.ByteBuffer id = java.nio.ByteBuffer.wrap(q.attestationKey());
      Ecdsa.Key key = keys.get(id);
      if (key == null) {
        key = Ecdsa.p256(id.array());
        keys.put(id, key);
      }
      byte[] signed = q.signedBytes();
      boolean ok = Ecdsa.verifyP1363Sha256(key, q.signature(), signed, 0, signed.length);
      return CheckResult.of(
          TdxChecks.QUOTE_SIGNATURE,
          SIGNATURE,
          ok,
          "attestation key signed " + signed.length + " bytes",
          "quote signature does not verify with the attestation key");
    } catch (GeneralSecurityException e) {
      return CheckResult.fail(
          TdxChecks.QUOTE_SIGNATURE, SIGNATURE, "attestation key unusable: " + e.getMessage());
    }
  }

  private static CheckResult qeReportSignature(QeCertification qe, Optional<Ecdsa.Key> pckKey) {
    if (pckKey.isEmpty()) {
      return CheckResult.fail(
          TdxChecks.QE_REPORT_SIGNATURE, SIGNATURE, "the PCK certificate's key is not a P-256 key");
    }
    byte[] report = qe.report().bytes();
    boolean ok =
        Ecdsa.verifyP1363Sha256(pckKey.get(), qe.reportSignature(), report, 0, report.length);
    return CheckResult.of(
        TdxChecks.QE_REPORT_SIGNATURE,
        SIGNATURE,
        ok,
        "PCK leaf signed the QE report",
        "QE report signature does not verify with the PCK certificate's key");
  }

  private static CheckResult qeBinding(Quote q, QeCertification qe) {
    MessageDigest md = Digests.sha256();
    md.update(q.attestationKey());
    md.update(qe.authData());
    byte[] expected = md.digest();
    byte[] reportData = qe.report().reportData();
    byte[] actual = Arrays.copyOf(reportData, 32);
    boolean zeros = true;
    for (int i = 32; i < 64; i++) {
      zeros &= reportData[i] == 0;
    }
    boolean ok = MessageDigest.isEqual(expected, actual) && zeros;
    return CheckResult.of(
        TdxChecks.QE_REPORT_BINDING,
        BINDING,
        ok,
        "QE report data = SHA-256(attestation key ‖ QE auth data)",
        "QE report data "
            + Hex.abbreviate(Hex.of(actual))
            + (zeros ? "" : " (upper half not zero)")
            + " does not bind the attestation key: expected "
            + Hex.abbreviate(Hex.of(expected)));
  }

  private CachedChain chain(QeCertification qe, AppraisalContext ctx, Instant at)
      throws ParseException {
    PckChain.requirePemChain(qe);
    List<X509Certificate> anchors = ctx.trustAnchors().get(TrustAnchors.INTEL_SGX_ROOT);
    byte[][] parts = new byte[anchors.size() + 1][];
    parts[0] = qe.certData();
    for (int i = 0; i < anchors.size(); i++) {
      parts[i + 1] = encoded(anchors.get(i));
    }
    ContentKey key = ContentKey.of(parts);
    CachedChain c = chains.get(key);
    if (c != null && !at.isBefore(c.from()) && !at.isAfter(c.until())) {
      return c;
    }
    PckChain pck = PckChain.decode(qe, parts[0], ctx.limits().maxCertChainLength());
    Optional<String> err = Certificates.validatePath(pck.certificates(), anchors, at);
    Instant from = Instant.MIN;
    Instant until = Instant.MAX;
    for (X509Certificate x : pck.certificates()) {
      from = max(from, x.getNotBefore().toInstant());
      until = min(until, x.getNotAfter().toInstant());
    }
    Optional<Ecdsa.Key> leafKey;
    try {
      leafKey = Optional.of(Ecdsa.of(pck.leaf().getPublicKey()));
    } catch (GeneralSecurityException e) {
      leafKey = Optional.empty();
    }
    CachedChain fresh = new CachedChain(pck, err, from, until, leafKey);
    if (err.isEmpty()) {
      chains.put(key, fresh);
    }
    return fresh;
  }

  private VerifiedCollateral collateral(
      String tee, PckChain chain, AppraisalContext ctx, Instant at) {
    List<X509Certificate> anchors = ctx.trustAnchors().get(TrustAnchors.INTEL_SGX_ROOT);
    CollateralVerifier verifier =
        new CollateralVerifier(ctx.collateral(), anchors, ctx.limits().maxCertChainLength());
    CollateralVerifier.Fetched f =
        verifier.fetch(tee, chain.extensions().fmspc(), chain.extensions().caType());
    List<byte[]> parts = new ArrayList<>();
    parts.add(
        (tee + "|" + chain.extensions().fmspc())
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    parts.add(encoded(chain.intermediate()));
    anchors.forEach(a -> parts.add(encoded(a)));
    for (Optional<CollateralDocument> d :
        List.of(f.rootCrl(), f.pckCrl(), f.tcbInfo(), f.qeIdentity())) {
      parts.add(d.map(CollateralDocument::body).orElse(new byte[0]));
      parts.add(
          d.map(x -> x.issuerChainPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .orElse(new byte[0]));
    }
    ContentKey key = ContentKey.of(parts.toArray(new byte[0][]));
    VerifiedCollateral c = collateral.get(key);
    if (c != null && !at.isBefore(c.validFrom()) && !at.isAfter(c.validUntil())) {
      return c;
    }
    VerifiedCollateral v = verifier.verify(f, chain, at);
    if (v.allPassed()) {
      collateral.put(key, v);
    }
    return v;
  }

  /** Platform, QE and TDX module TCB judgement; adds the identity and level checks. */
  private static Optional<TcbJudgement> judgeTcb(
      Quote quote,
      QeCertification qe,
      PckChain pck,
      VerifiedCollateral vc,
      List<CheckResult> checks,
      Map<String, String> components) {
    EnclaveReport qeReport = qe.report();
    String tee = quote.isTdx() ? "TDX" : "SGX";

    // The TCB info must describe this platform before any of its levels may judge it.
    Optional<TcbInfo> info = vc.tcbInfo();
    boolean platformOk = false;
    if (info.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(TdxChecks.TCB_INFO_PLATFORM, BINDING, "no authentic TCB info"));
    } else {
      TcbInfo t = info.get();
      List<String> problems = new ArrayList<>();
      if (!t.fmspc().equals(pck.extensions().fmspc())) {
        problems.add("FMSPC " + t.fmspc() + " ≠ PCK's " + pck.extensions().fmspc());
      }
      if (!t.pceId().equals(pck.extensions().pceId())) {
        problems.add("PCE ID " + t.pceId() + " ≠ PCK's " + pck.extensions().pceId());
      }
      if (!t.id().equalsIgnoreCase(tee)) {
        problems.add("TCB info is for " + t.id() + ", quote is " + tee);
      }
      platformOk = problems.isEmpty();
      checks.add(
          CheckResult.of(
              TdxChecks.TCB_INFO_PLATFORM,
              BINDING,
              platformOk,
              "FMSPC " + t.fmspc() + ", PCE ID " + t.pceId() + ", " + t.id(),
              String.join("; ", problems)));
    }

    // The quoting enclave must be Intel's, at a known ISVSVN.
    Optional<TcbJudgement> qeJudgement = Optional.empty();
    Optional<QeIdentity> qid = vc.qeIdentity();
    if (qid.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TdxChecks.QE_IDENTITY_MATCH, BINDING, "no authentic QE identity"));
      checks.add(CheckResult.unevaluable(TdxChecks.QE_TCB_LEVEL, TCB, "no authentic QE identity"));
    } else {
      QeIdentity id = qid.get();
      List<String> problems = new ArrayList<>();
      String expectedId = quote.isTdx() ? "TD_QE" : "QE";
      if (!id.id().equals(expectedId)) {
        problems.add("QE identity is for " + id.id() + ", a " + tee + " quote needs " + expectedId);
      }
      String mrSigner = Hex.of(qeReport.mrSigner());
      if (!mrSigner.equals(id.mrSigner())) {
        problems.add(
            "MRSIGNER " + Hex.abbreviate(mrSigner) + " ≠ " + Hex.abbreviate(id.mrSigner()));
      }
      int prodId = qeReport.isvProdId();
      if (prodId != id.isvProdId()) {
        problems.add("ISVPRODID " + prodId + " ≠ " + id.isvProdId());
      }
      String misc = Hex.of(qeReport.miscSelect());
      if (!maskedEquals32(qeReport.miscSelectBits(), id.miscSelect(), id.miscSelectMask())) {
        problems.add(
            "MISCSELECT "
                + misc
                + " does not match "
                + id.miscSelect()
                + " under mask "
                + id.miscSelectMask());
      }
      String attrs = Hex.of(qeReport.attributes());
      if (!TcbEvaluator.maskedEquals(attrs, id.attributes(), id.attributesMask())) {
        problems.add(
            "ATTRIBUTES "
                + attrs
                + " do not match "
                + id.attributes()
                + " under mask "
                + id.attributesMask());
      }
      checks.add(
          CheckResult.of(
              TdxChecks.QE_IDENTITY_MATCH,
              BINDING,
              problems.isEmpty(),
              id.id() + " MRSIGNER " + Hex.abbreviate(mrSigner),
              String.join("; ", problems)));
      int isvSvn = qeReport.isvSvn();
      Optional<IsvLevel> level = TcbEvaluator.isvLevel(id.levels(), isvSvn);
      qeJudgement = level.flatMap(l -> judgement(l.status(), l.advisoryIds(), l.tcbDate()));
      checks.add(
          level.isPresent() && qeJudgement.isPresent()
              ? CheckResult.pass(
                  TdxChecks.QE_TCB_LEVEL, TCB, "QE ISVSVN " + isvSvn + ": " + level.get().status())
              : CheckResult.fail(
                  TdxChecks.QE_TCB_LEVEL,
                  TCB,
                  "QE ISVSVN "
                      + isvSvn
                      + (level.isPresent()
                          ? " has unknown status " + level.get().status()
                          : " is below every TCB level of the QE identity")));
      qeJudgement.ifPresent(j -> components.put("qe", j.status().label));
    }

    if (info.isEmpty() || !platformOk) {
      String why = info.isEmpty() ? "no authentic TCB info" : "TCB info is for another platform";
      checks.add(CheckResult.unevaluable(TdxChecks.TCB_LEVEL, TCB, why));
      if (quote.isTdx()) {
        checks.add(CheckResult.unevaluable(TdxChecks.TDX_MODULE_IDENTITY, BINDING, why));
        checks.add(CheckResult.unevaluable(TdxChecks.TDX_MODULE_TCB_LEVEL, TCB, why));
      }
      return Optional.empty();
    }
    TcbInfo t = info.get();
    Optional<TdReport> td = quote.tdReport();
    Optional<byte[]> teeTcbSvn = td.map(TdReport::teeTcbSvn);
    Optional<TcbLevel> level =
        TcbEvaluator.platformLevel(
            t, pck.extensions().sgxTcbComponents(), pck.extensions().pceSvn(), teeTcbSvn);
    Optional<TcbJudgement> platform =
        level.flatMap(l -> judgement(l.status(), l.advisoryIds(), Optional.of(l.tcbDate())));
    String svns =
        "SGX SVNs "
            + pck.extensions().sgxTcbComponents()
            + ", PCESVN "
            + pck.extensions().pceSvn()
            + teeTcbSvn.map(s -> ", TEE TCB SVN " + Hex.of(s)).orElse("");
    checks.add(
        level.isPresent() && platform.isPresent()
            ? CheckResult.pass(
                TdxChecks.TCB_LEVEL,
                TCB,
                svns + " → level " + level.get().tcbDate() + " " + level.get().status())
            : CheckResult.fail(
                TdxChecks.TCB_LEVEL,
                TCB,
                level.isPresent()
                    ? "unknown TCB status " + level.get().status()
                    : "no TCB level of TCB info " + t.fmspc() + " matches " + svns));
    platform.ifPresent(j -> components.put("platform", j.status().label));

    Optional<TcbJudgement> module =
        Optional.of(new TcbJudgement(TcbStatus.UP_TO_DATE, List.of(), Optional.empty()));
    if (td.isPresent()) {
      module = judgeModule(td.get(), t, teeTcbSvn.get(), checks);
      module
          .filter(m -> !t.tdxModuleIdentities().isEmpty() && teeTcbSvn.get()[1] != 0)
          .ifPresent(j -> components.put("tdx_module", j.status().label));
    }
    if (platform.isEmpty() || qeJudgement.isEmpty() || module.isEmpty()) {
      return Optional.empty();
    }
    TcbStatus status =
        platform.get().status().merge(qeJudgement.get().status()).merge(module.get().status());
    TreeSet<String> advisories = new TreeSet<>(platform.get().advisoryIds());
    advisories.addAll(qeJudgement.get().advisoryIds());
    advisories.addAll(module.get().advisoryIds());
    return Optional.of(new TcbJudgement(status, List.copyOf(advisories), platform.get().tcbDate()));
  }

  /**
   * The TDX module: with module identities (TCB info v3) the identity {@code TDX_<major>} judges
   * the module's signer, attributes and SVN; a module of major version 0, or TCB info without
   * identities, is matched against the single {@code tdxModule} entry and its SVN is judged by the
   * platform level (TEE TCB SVN bytes 0-1 are then part of that comparison).
   */
  private static Optional<TcbJudgement> judgeModule(
      TdReport td, TcbInfo t, byte[] teeTcbSvn, List<CheckResult> checks) {
    String mrSignerSeam = Hex.of(td.mrSignerSeam());
    String seamAttributes = Hex.of(td.seamAttributes());
    boolean byIdentity = !t.tdxModuleIdentities().isEmpty() && teeTcbSvn[1] != 0;
    Optional<TdxModuleIdentity> identity =
        byIdentity ? TcbEvaluator.moduleIdentity(t, teeTcbSvn) : t.tdxModule();
    if (identity.isEmpty()) {
      String why =
          byIdentity
              ? String.format(
                  "TCB info has no identity TDX_%02X for this TDX module", teeTcbSvn[1] & 0xff)
              : "TCB info has no tdxModule entry";
      checks.add(CheckResult.fail(TdxChecks.TDX_MODULE_IDENTITY, BINDING, why));
      checks.add(CheckResult.unevaluable(TdxChecks.TDX_MODULE_TCB_LEVEL, TCB, why));
      return Optional.empty();
    }
    TdxModuleIdentity m = identity.get();
    boolean signerOk = mrSignerSeam.equals(m.mrSigner());
    boolean attrsOk = TcbEvaluator.maskedEquals(seamAttributes, m.attributes(), m.attributesMask());
    checks.add(
        CheckResult.of(
            TdxChecks.TDX_MODULE_IDENTITY,
            BINDING,
            signerOk && attrsOk,
            (m.id().isEmpty() ? "tdxModule" : m.id())
                + " MRSIGNERSEAM "
                + Hex.abbreviate(mrSignerSeam),
            (signerOk
                    ? ""
                    : "MRSIGNERSEAM "
                        + Hex.abbreviate(mrSignerSeam)
                        + " ≠ "
                        + Hex.abbreviate(m.mrSigner())
                        + " ")
                + (attrsOk
                    ? ""
                    : "SEAM attributes "
                        + seamAttributes
                        + " do not match "
                        + m.attributes()
                        + " under mask "
                        + m.attributesMask())));
    if (!byIdentity) {
      checks.add(
          CheckResult.pass(
              TdxChecks.TDX_MODULE_TCB_LEVEL,
              TCB,
              "module major version 0: its SVN is judged by the platform TCB level"));
      return Optional.of(new TcbJudgement(TcbStatus.UP_TO_DATE, List.of(), Optional.empty()));
    }
    int svn = teeTcbSvn[0] & 0xff;
    Optional<IsvLevel> level = TcbEvaluator.isvLevel(m.levels(), svn);
    Optional<TcbJudgement> j =
        level.flatMap(l -> judgement(l.status(), l.advisoryIds(), l.tcbDate()));
    checks.add(
        j.isPresent()
            ? CheckResult.pass(
                TdxChecks.TDX_MODULE_TCB_LEVEL,
                TCB,
                m.id() + " SVN " + svn + ": " + level.get().status())
            : CheckResult.fail(
                TdxChecks.TDX_MODULE_TCB_LEVEL,
                TCB,
                m.id()
                    + " SVN "
                    + svn
                    + (level.isPresent()
                        ? " has unknown status " + level.get().status()
                        : " is below every TCB level of " + m.id())));
    return j;
  }

  private static Optional<TcbJudgement> judgement(
      String status, List<String> advisories, Instant date) {
    return judgement(status, advisories, Optional.ofNullable(date));
  }

  private static Optional<TcbJudgement> judgement(
      String status, List<String> advisories, Optional<Instant> date) {
    return TcbStatus.parse(status).map(s -> new TcbJudgement(s, advisories, date));
  }

  private static boolean maskedEquals32(long v, String expectedHex, String maskHex) {
    // MISCSELECT is a little-endian u32 in the report (v, its value) but big-endian hex in the
    // identity.
    long e = Long.parseLong(expectedHex, 16);
    long m = Long.parseLong(maskHex, 16);
    return (v & m) == (e & m);
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
