package dev.teepol.providers.tdx.verify;

import static dev.teepol.core.verdict.CheckCategory.COLLATERAL;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Crls;
import dev.teepol.core.crypto.Ecdsa;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.TdxChecks;
import dev.teepol.providers.tdx.collateral.CollateralParser;
import dev.teepol.providers.tdx.collateral.DcapRequests;
import dev.teepol.providers.tdx.collateral.QeIdentity;
import dev.teepol.providers.tdx.collateral.Signed;
import dev.teepol.providers.tdx.collateral.TcbInfo;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches and authenticates the DCAP collateral for one platform: root CA CRL, PCK CRL, TCB info,
 * QE identity. The root CA CRL must be signed by the anchor, the PCK CRL by the PCK CA of the
 * quote's own chain, TCB info and QE identity by Intel's TCB signing certificate in exactly the
 * chain [TCB Signing, root] ({@link TcbSigningCertificate}); every document must be current at the
 * injected instant, and every certificate of every chain is checked against its own issuer's CRL.
 * Missing documents make the checks that need them UNEVALUABLE.
 */
final class CollateralVerifier {
  private final CollateralSource source;
  private final List<X509Certificate> anchors;
  private final int maxChain;

  CollateralVerifier(CollateralSource source, List<X509Certificate> anchors, int maxChain) {
    this.source = source;
    this.anchors = anchors;
    this.maxChain = maxChain;
  }

  /**
   * Why one document is missing: the error of its own fetch (an unreachable PCS is then one short
   * cause, "host unreachable: ConnectException"), or "not supplied" when nothing failed.
   */
  static String missing(List<String> errors, String type) {
    return errors.stream()
        .filter(e -> e.startsWith(type + ": "))
        .map(e -> "unavailable: " + e.substring(type.length() + 2))
        .findFirst()
        .orElse(
            errors.isEmpty()
                ? "not supplied"
                : "not supplied (other documents failed: " + String.join("; ", errors) + ")");
  }

  /** What was fetched; absent documents are empty, errors are kept as text. */
  record Fetched(
      Optional<CollateralDocument> rootCrl,
      Optional<CollateralDocument> pckCrl,
      Optional<CollateralDocument> tcbInfo,
      Optional<CollateralDocument> qeIdentity,
      List<String> errors) {}

  Fetched fetch(String tee, String fmspc, String ca) {
    List<String> errors = new ArrayList<>();
    return new Fetched(
        get(DcapRequests.rootCaCrl(), errors),
        get(DcapRequests.pckCrl(ca.isEmpty() ? "platform" : ca), errors),
        get(DcapRequests.tcbInfo(tee, fmspc), errors),
        get(DcapRequests.qeIdentity(tee), errors),
        errors);
  }

  private Optional<CollateralDocument> get(CollateralRequest req, List<String> errors) {
    try {
      return source.fetch(req);
    } catch (CollateralException e) {
      errors.add(req.type() + ": " + e.getMessage());
      return Optional.empty();
    } catch (RuntimeException e) {
      errors.add(req.type() + ": collateral source failed: " + e);
      return Optional.empty();
    }
  }

  VerifiedCollateral verify(Fetched f, PckChain pck, Instant at) {
    List<CheckResult> checks = new ArrayList<>();
    Window window = new Window();
    X509Certificate root = anchors.isEmpty() ? null : anchors.get(0);

    // Root CA CRL: issued and signed by the anchor itself.
    Optional<X509CRL> rootCrl = Optional.empty();
    if (f.rootCrl().isEmpty() || root == null) {
      checks.add(
          CheckResult.unevaluable(
              TdxChecks.ROOT_CA_CRL,
              COLLATERAL,
              root == null
                  ? "no trust anchor"
                  : "root CA CRL " + missing(f.errors(), DcapRequests.ROOT_CA_CRL)));
    } else {
      Optional<X509CRL> crl = parseCrl(f.rootCrl().get(), TdxChecks.ROOT_CA_CRL, checks);
      if (crl.isPresent()) {
        Optional<String> err = Crls.verify(crl.get(), root, at);
        checks.add(
            CheckResult.of(
                TdxChecks.ROOT_CA_CRL,
                COLLATERAL,
                err.isEmpty(),
                "signed by the anchor, current until " + crl.get().getNextUpdate().toInstant(),
                "root CA CRL: " + err.orElse("")));
        if (err.isEmpty()) {
          rootCrl = crl;
          window.narrow(
              crl.get().getThisUpdate().toInstant(), crl.get().getNextUpdate().toInstant());
        }
      }
    }

    // PCK CRL: signed by the PCK CA of the quote's own (already validated) chain.
    Optional<X509CRL> pckCrl = Optional.empty();
    if (f.pckCrl().isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TdxChecks.PCK_CRL,
              COLLATERAL,
              "PCK CRL " + missing(f.errors(), DcapRequests.PCK_CRL)));
    } else {
      Optional<X509CRL> crl = parseCrl(f.pckCrl().get(), TdxChecks.PCK_CRL, checks);
      if (crl.isPresent()) {
        Optional<String> err = Crls.verify(crl.get(), pck.intermediate(), at);
        checks.add(
            CheckResult.of(
                TdxChecks.PCK_CRL,
                COLLATERAL,
                err.isEmpty(),
                "signed by "
                    + pck.intermediate().getSubjectX500Principal().getName()
                    + ", current until "
                    + crl.get().getNextUpdate().toInstant(),
                "PCK CRL: " + err.orElse("")));
        if (err.isEmpty()) {
          pckCrl = crl;
          window.narrow(
              crl.get().getThisUpdate().toInstant(), crl.get().getNextUpdate().toInstant());
        }
      }
    }

    // Every chain that vouches for the quote or its collateral, by name, for the revocation check.
    Map<String, List<X509Certificate>> chains = new LinkedHashMap<>();
    chains.put("PCK chain", pck.certificates());
    Map<List<X509Certificate>, IssuerCheck> issuers = new java.util.HashMap<>();
    Optional<Signed<TcbInfo>> tcb =
        signedDoc(
            f.tcbInfo(),
            "TCB info",
            TdxChecks.TCB_INFO_SIGNATURE,
            TdxChecks.TCB_INFO_FRESH,
            missing(f.errors(), DcapRequests.TCB_INFO),
            d -> CollateralParser.tcbInfo(d, maxChain),
            s -> s.content().issueDate(),
            s -> s.content().nextUpdate(),
            at,
            checks,
            window,
            chains,
            issuers);
    Optional<Signed<QeIdentity>> qe =
        signedDoc(
            f.qeIdentity(),
            "QE identity",
            TdxChecks.QE_IDENTITY_SIGNATURE,
            TdxChecks.QE_IDENTITY_FRESH,
            missing(f.errors(), DcapRequests.QE_IDENTITY),
            d -> CollateralParser.qeIdentity(d, maxChain),
            s -> s.content().issueDate(),
            s -> s.content().nextUpdate(),
            at,
            checks,
            window,
            chains,
            issuers);

    if (rootCrl.isEmpty() || pckCrl.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TdxChecks.REVOCATION, COLLATERAL, "needs a valid root CA CRL and PCK CRL"));
    } else {
      checks.add(revocation(chains, rootCrl.get(), pckCrl.get()));
    }
    String origin = f.tcbInfo().map(CollateralDocument::origin).orElse("");
    return new VerifiedCollateral(
        checks,
        tcb.map(Signed::content),
        qe.map(Signed::content),
        window.from,
        window.until,
        origin);
  }

  /**
   * What one issuer chain is worth: why it may not sign collateral, or the signing key. TCB info
   * and QE identity come with the same chain [TCB Signing, root], so one {@link #verify} call
   * checks it and decodes its key once, not once per document (keyed by content: the chains are
   * parsed from each document's own header).
   */
  private record IssuerCheck(Optional<String> problem, Optional<Ecdsa.Key> key) {}

  private IssuerCheck checkIssuer(List<X509Certificate> chain, Instant at) {
    // The key is trusted only if it is Intel's TCB signing certificate, not merely any key that
    // chains to the root.
    Optional<String> problem =
        anchors.isEmpty()
            ? Optional.of("no trust anchor configured")
            : TcbSigningCertificate.problem(chain, anchors);
    if (problem.isEmpty()) {
      problem = Certificates.validatePath(chain, anchors, at);
    }
    if (problem.isPresent()) {
      return new IssuerCheck(problem, Optional.empty());
    }
    try {
      return new IssuerCheck(Optional.empty(), Optional.of(Ecdsa.of(chain.get(0).getPublicKey())));
    } catch (java.security.GeneralSecurityException e) {
      return new IssuerCheck(
          Optional.of("the signing certificate's key is not a P-256/P-384 key: " + e.getMessage()),
          Optional.empty());
    }
  }

  private interface Parser<T> {
    Signed<T> parse(CollateralDocument d) throws ParseException;
  }

  /**
   * Each certificate of each chain against the CRL of its own issuer: issued by the root, the root
   * CA CRL; issued by the quote's PCK CA, the PCK CRL. The anchor itself is not looked up, and a
   * certificate whose issuer has neither CRL cannot be shown unrevoked, so it fails.
   */
  private CheckResult revocation(
      Map<String, List<X509Certificate>> chains, X509CRL rootCrl, X509CRL pckCrl) {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, List<X509Certificate>> chain : chains.entrySet()) {
      for (X509Certificate c : chain.getValue()) {
        if (anchors.stream().anyMatch(a -> Certificates.sameCertificate(a, c))) {
          continue;
        }
        String who =
            "'"
                + c.getSubjectX500Principal().getName()
                + "' (serial "
                + c.getSerialNumber().toString(16)
                + ", "
                + chain.getKey()
                + ")";
        X509CRL crl =
            c.getIssuerX500Principal().equals(rootCrl.getIssuerX500Principal())
                ? rootCrl
                : c.getIssuerX500Principal().equals(pckCrl.getIssuerX500Principal())
                    ? pckCrl
                    : null;
        if (crl == null) {
          problems.add(
              who
                  + ": no CRL of its issuer '"
                  + c.getIssuerX500Principal().getName()
                  + "' was supplied");
        } else if (crl.isRevoked(c)) {
          problems.add(who + " is revoked by the " + (crl == rootCrl ? "root CA CRL" : "PCK CRL"));
        }
        checked++;
      }
    }
    return CheckResult.of(
        TdxChecks.REVOCATION,
        COLLATERAL,
        problems.isEmpty(),
        checked
            + " certificates of "
            + chains.keySet()
            + " checked against their issuer's CRL: none revoked",
        String.join("; ", problems));
  }

  private <T> Optional<Signed<T>> signedDoc(
      Optional<CollateralDocument> doc,
      String what,
      String sigId,
      String freshId,
      String missing,
      Parser<T> parser,
      java.util.function.Function<Signed<T>, Instant> issued,
      java.util.function.Function<Signed<T>, Instant> next,
      Instant at,
      List<CheckResult> checks,
      Window window,
      Map<String, List<X509Certificate>> chains,
      Map<List<X509Certificate>, IssuerCheck> issuers) {
    if (doc.isEmpty()) {
      checks.add(CheckResult.unevaluable(sigId, COLLATERAL, what + " " + missing));
      checks.add(CheckResult.unevaluable(freshId, COLLATERAL, what + " " + missing));
      return Optional.empty();
    }
    Signed<T> s;
    try {
      s = parser.parse(doc.get());
    } catch (ParseException e) {
      checks.add(
          CheckResult.fail(
              sigId, COLLATERAL, what + " " + doc.get().origin() + ": " + e.getMessage()));
      checks.add(CheckResult.unevaluable(freshId, COLLATERAL, what + " could not be read"));
      return Optional.empty();
    }
    chains.put(what + " issuer chain", s.issuerChain());
    X509Certificate signer = s.issuerChain().get(0);
    IssuerCheck issuer = issuers.computeIfAbsent(s.issuerChain(), c -> checkIssuer(c, at));
    Optional<String> chainErr = issuer.problem();
    boolean sigOk =
        chainErr.isEmpty()
            && Ecdsa.verifyP1363Sha256(
                issuer.key().orElseThrow(),
                s.signature(),
                s.signedBytes(),
                0,
                s.signedBytes().length);
    checks.add(
        CheckResult.of(
            sigId,
            COLLATERAL,
            sigOk,
            "signed by " + signer.getSubjectX500Principal().getName(),
            chainErr
                .map(e -> what + " issuer chain: " + e)
                .orElse(what + " signature does not verify over the signed bytes")));
    if (!sigOk) {
      checks.add(CheckResult.unevaluable(freshId, COLLATERAL, what + " is not authentic"));
      return Optional.empty();
    }
    for (X509Certificate c : s.issuerChain()) {
      window.narrow(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }
    Instant from = issued.apply(s);
    Instant until = next.apply(s);
    boolean fresh = !at.isBefore(from) && !at.isAfter(until);
    checks.add(
        CheckResult.of(
            freshId,
            COLLATERAL,
            fresh,
            "issued " + from + ", next update " + until,
            what + " is not current at " + at + ": issued " + from + ", next update " + until));
    window.narrow(from, until);
    return Optional.of(s);
  }

  private static Optional<X509CRL> parseCrl(
      CollateralDocument doc, String id, List<CheckResult> checks) {
    try {
      return Optional.of(Certificates.parseCrl(doc.body()));
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      checks.add(
          CheckResult.fail(id, COLLATERAL, doc.origin() + " is not a DER CRL: " + e.getMessage()));
      return Optional.empty();
    }
  }

  /** Intersection of validity windows seen so far. */
  private static final class Window {
    Instant from = Instant.MIN;
    Instant until = Instant.MAX;

    void narrow(Instant f, Instant u) {
      if (f.isAfter(from)) {
        from = f;
      }
      if (u.isBefore(until)) {
        until = u;
      }
    }
  }
}
