package dev.teepol.providers.sigstore.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.providers.sigstore.SigstoreChecks;
import dev.teepol.providers.sigstore.abi.Bundle;
import dev.teepol.providers.sigstore.abi.BundleContent;
import dev.teepol.providers.sigstore.abi.InclusionProof;
import dev.teepol.providers.sigstore.abi.Statement;
import dev.teepol.providers.sigstore.abi.StatementParser;
import dev.teepol.providers.sigstore.abi.TlogEntry;
import dev.teepol.providers.sigstore.abi.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a decoded bundle against a trusted root, one {@link CheckResult} per kind of material
 * (ids in {@link SigstoreChecks}). Every material present must verify: a bad signed entry timestamp
 * fails even beside a good inclusion proof, and every tlog entry is checked, not only the first.
 * Time comes from the log: the leaf is judged at the integrated time the log signed.
 */
public final class BundleVerifier {
  static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  private BundleVerifier() {}

  /**
   * What one bundle verification established.
   *
   * @param checks every check, in report order
   * @param identity who the certificate names (whether or not it verified)
   * @param statement the in-toto statement of a DSSE bundle, when it decoded
   * @param signedTime the earliest integrated time a verified signed entry timestamp vouches for
   * @param verified every check passed
   */
  public record Result(
      List<CheckResult> checks,
      Optional<FulcioIdentity> identity,
      Optional<Statement> statement,
      Optional<Instant> signedTime,
      boolean verified) {
    public Result {
      checks = List.copyOf(checks);
    }
  }

  public static Result verify(
      Bundle b,
      TrustedRoot root,
      Instant now,
      Optional<byte[]> artifactSha256,
      List<ReleaseIdentity> identities,
      Limits limits) {
    List<CheckResult> checks = new ArrayList<>();
    X509Certificate leaf = b.leaf();
    FulcioIdentity identity = FulcioIdentity.of(leaf);

    // Transparency log: every entry, every material it carries.
    List<String> entryProblems = new ArrayList<>();
    List<String> bodyProblems = new ArrayList<>();
    List<String> setProblems = new ArrayList<>();
    List<String> proofProblems = new ArrayList<>();
    List<String> checkpointProblems = new ArrayList<>();
    // Material of an entry whose log the root does not trust cannot be judged (the entry check
    // FAILs for it): UNEVALUABLE, not a second FAIL for the same defect.
    List<String> setUnjudged = new ArrayList<>();
    List<String> checkpointUnjudged = new ArrayList<>();
    List<Instant> signedTimes = new ArrayList<>();
    int sets = 0;
    int proofs = 0;
    for (int i = 0; i < b.tlogEntries().size(); i++) {
      TlogEntry e = b.tlogEntries().get(i);
      String at = b.tlogEntries().size() == 1 ? "" : "entry " + i + ": ";
      Instant time = Instant.ofEpochSecond(e.integratedTime());
      Optional<TrustedRoot.TransparencyLog> log = root.tlog(e.logId());
      if (log.isEmpty()) {
        entryProblems.add(
            at + "log " + Hex.abbreviate(Hex.of(e.logId())) + " is not in the trusted root");
      } else if (!log.get().validFor().contains(time)) {
        entryProblems.add(
            at
                + "integrated time "
                + time
                + " is outside the window of "
                + log.get().baseUrl()
                + "'s key ("
                + log.get().validFor()
                + ")");
        log = Optional.empty();
      }
      RekorBody.mismatch(e, b.content(), leaf, limits).ifPresent(m -> bodyProblems.add(at + m));
      if (e.signedEntryTimestamp().isPresent()) {
        sets++;
        if (log.isEmpty()) {
          setUnjudged.add(at + "no trusted key for the entry's log");
        } else if (!LogSignatures.verify(
            log.get().key(), e.signedEntryTimestamp().get(), setPayload(e))) {
          setProblems.add(
              at
                  + "the signed entry timestamp does not verify with "
                  + log.get().baseUrl()
                  + "'s key");
        } else {
          signedTimes.add(time);
        }
      }
      if (e.inclusionProof().isPresent()) {
        proofs++;
        InclusionProof p = e.inclusionProof().get();
        if (!Merkle.verify(
            p.logIndex(),
            p.treeSize(),
            Merkle.leafHash(e.canonicalizedBody()),
            p.hashes(),
            p.rootHash())) {
          proofProblems.add(
              at
                  + "the audit path does not lead from leaf "
                  + p.logIndex()
                  + " to root "
                  + Hex.abbreviate(Hex.of(p.rootHash()))
                  + " of a tree of "
                  + p.treeSize());
        }
        if (log.isEmpty()) {
          checkpointUnjudged.add(at + "no trusted key for the entry's log");
        } else {
          checkpoint(p, log, e.logId()).ifPresent(m -> checkpointProblems.add(at + m));
        }
      }
    }
    if (b.tlogEntries().isEmpty()) {
      checks.add(
          CheckResult.fail(
              SigstoreChecks.TLOG_ENTRY,
              CheckCategory.BINDING,
              "no transparency log entry: nothing shows the signature was logged when the certificate was valid"));
    } else {
      checks.add(
          result(
              SigstoreChecks.TLOG_ENTRY,
              CheckCategory.BINDING,
              entryProblems,
              b.tlogEntries().size() + " entry(ies) in logs of the trusted root"));
      checks.add(
          result(
              SigstoreChecks.TLOG_BODY,
              CheckCategory.BINDING,
              bodyProblems,
              "the logged body is this bundle's " + b.tlogEntries().get(0).kind() + " entry"));
      if (sets == 0) {
        checks.add(
            CheckResult.unevaluable(
                SigstoreChecks.TLOG_SET,
                CheckCategory.SIGNATURE,
                "no signed entry timestamp: the integrated time is signed by nobody (teepol does not verify RFC 3161 timestamps)"));
      } else {
        checks.add(
            result(
                SigstoreChecks.TLOG_SET,
                CheckCategory.SIGNATURE,
                setProblems,
                sets + " signed entry timestamp(s) verify"));
      }
      if (proofs > 0) {
        checks.add(
            result(
                SigstoreChecks.TLOG_INCLUSION,
                CheckCategory.BINDING,
                proofProblems,
                proofs + " inclusion proof(s) verify"));
        checks.add(
            result(
                SigstoreChecks.TLOG_CHECKPOINT,
                CheckCategory.SIGNATURE,
                checkpointProblems,
                "the checkpoint(s) are signed by the log and commit to the proven root"));
      }
    }
    if (b.rfc3161Timestamps() > 0) {
      checks.add(
          CheckResult.unevaluable(
              SigstoreChecks.TIMESTAMP,
              CheckCategory.SIGNATURE,
              b.rfc3161Timestamps()
                  + " RFC 3161 timestamp(s) present, which teepol does not verify"));
    }

    // The certificate chain, judged at its issuance (Fulcio leaves live ten minutes); whether the
    // signature was made inside that window is the time check, on the log's signed time.
    Instant issued = leaf.getNotBefore().toInstant();
    List<String> why = new ArrayList<>();
    Optional<X509Certificate> issuer = chain(leaf, root, issued, why);
    if (issuer.isPresent() && !codeSigning(leaf)) {
      why.add("the leaf is not a code-signing certificate (extended key usage)");
      issuer = Optional.empty();
    }
    checks.add(
        issuer.isPresent()
            ? CheckResult.pass(
                SigstoreChecks.CERTIFICATE_CHAIN,
                CheckCategory.CHAIN,
                "issued by '" + issuer.get().getSubjectX500Principal().getName() + "' at " + issued)
            : CheckResult.fail(
                SigstoreChecks.CERTIFICATE_CHAIN, CheckCategory.CHAIN, String.join("; ", why)));
    if (issuer.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              SigstoreChecks.SCT,
              CheckCategory.SIGNATURE,
              "the certificate's issuer is not known (chain failed)"));
    } else {
      Scts.Outcome s = Scts.verify(leaf, issuer.get(), root);
      if (s.verified() > 0 && s.failures().isEmpty()) {
        checks.add(
            CheckResult.pass(
                SigstoreChecks.SCT,
                CheckCategory.SIGNATURE,
                s.verified()
                    + " SCT(s) verify"
                    + (s.unknown().isEmpty() ? "" : "; " + String.join("; ", s.unknown()))));
      } else {
        List<String> all = new ArrayList<>(s.failures());
        all.addAll(s.unknown());
        checks.add(
            CheckResult.fail(
                SigstoreChecks.SCT,
                CheckCategory.SIGNATURE,
                all.isEmpty() ? "no SCT verifies" : String.join("; ", all)));
      }
    }
    Optional<Instant> signed = signedTimes.stream().min(Comparator.naturalOrder());
    if (signedTimes.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              SigstoreChecks.CERTIFICATE_TIME,
              CheckCategory.CHAIN,
              "no verified signed entry timestamp gives a signed time"));
    } else {
      List<String> bad = new ArrayList<>();
      for (Instant t : signedTimes) {
        if (t.isBefore(leaf.getNotBefore().toInstant())
            || t.isAfter(leaf.getNotAfter().toInstant())) {
          bad.add(
              "integrated time "
                  + t
                  + " is outside the certificate's validity "
                  + leaf.getNotBefore().toInstant()
                  + ".."
                  + leaf.getNotAfter().toInstant());
        } else if (t.isAfter(now)) {
          bad.add("integrated time " + t + " is after now (" + now + ")");
        }
      }
      checks.add(
          result(
              SigstoreChecks.CERTIFICATE_TIME,
              CheckCategory.CHAIN,
              bad,
              "logged at " + signed.get() + ", inside the certificate's validity"));
    }

    // What was signed.
    Optional<Statement> statement = Optional.empty();
    if (b.content() instanceof BundleContent.Dsse d) {
      byte[] pae = pae(d.payloadType(), d.payload());
      int good = 0;
      for (byte[] sig : d.signatures()) {
        good +=
            LogSignatures.verify(leaf.getPublicKey(), leaf.getPublicKey().getEncoded(), sig, pae)
                ? 1
                : 0;
      }
      checks.add(
          CheckResult.of(
              SigstoreChecks.SIGNATURE,
              CheckCategory.SIGNATURE,
              good == d.signatures().size(),
              "the DSSE envelope is signed by the certificate's key",
              (d.signatures().size() - good)
                  + " of "
                  + d.signatures().size()
                  + " DSSE signature(s) do not verify with the certificate's key"));
      if (!d.payloadType().equals(StatementParser.PAYLOAD_TYPE)) {
        checks.add(
            CheckResult.fail(
                SigstoreChecks.STATEMENT,
                CheckCategory.PARSE,
                "payload type '" + d.payloadType() + "' is not " + StatementParser.PAYLOAD_TYPE));
      } else {
        try {
          statement = Optional.of(StatementParser.parse(d.payload(), limits));
          checks.add(
              CheckResult.pass(
                  SigstoreChecks.STATEMENT,
                  CheckCategory.PARSE,
                  "predicate " + statement.get().predicateType()));
        } catch (ParseException ex) {
          checks.add(
              CheckResult.fail(SigstoreChecks.STATEMENT, CheckCategory.PARSE, ex.getMessage()));
        }
      }
    } else if (b.content() instanceof BundleContent.MessageSignature m) {
      checks.add(
          CheckResult.of(
              SigstoreChecks.SIGNATURE,
              CheckCategory.SIGNATURE,
              messageSignature(leaf, m),
              "the message digest is signed by the certificate's key",
              "the message signature does not verify with the certificate's key"));
    }
    if (artifactSha256.isPresent()) {
      String want = Hex.of(artifactSha256.get());
      boolean ok =
          b.content() instanceof BundleContent.MessageSignature m
              ? "SHA2_256".equals(m.algorithm()) && Arrays.equals(m.digest(), artifactSha256.get())
              : statement
                  .map(
                      s ->
                          s.subjects().stream()
                              .anyMatch(x -> want.equals(x.digests().get("sha256"))))
                  .orElse(false);
      checks.add(
          statement.isEmpty() && b.content() instanceof BundleContent.Dsse
              ? CheckResult.unevaluable(
                  SigstoreChecks.SUBJECT_DIGEST,
                  CheckCategory.BINDING,
                  "the statement did not decode")
              : CheckResult.of(
                  SigstoreChecks.SUBJECT_DIGEST,
                  CheckCategory.BINDING,
                  ok,
                  "sha256:" + want + " is a signed subject",
                  "sha256:" + want + " is not a subject of the signed statement"));
    }
    if (!identities.isEmpty()) {
      boolean ok = identities.stream().anyMatch(i -> i.matches(identity.issuer(), identity.san()));
      checks.add(
          CheckResult.of(
              SigstoreChecks.IDENTITY,
              CheckCategory.BINDING,
              ok,
              identity.san() + " (" + identity.issuer() + ")",
              "signed by "
                  + identity.san()
                  + " (issuer "
                  + identity.issuer()
                  + "), which matches no pinned identity: "
                  + identities));
    }
    boolean verified = checks.stream().allMatch(CheckResult::passed);
    return new Result(checks, Optional.of(identity), statement, signed, verified);
  }

  private static CheckResult result(
      String id, CheckCategory cat, List<String> problems, String ok) {
    return problems.isEmpty()
        ? CheckResult.pass(id, cat, ok)
        : CheckResult.fail(id, cat, String.join("; ", problems));
  }

  /** What the signed entry timestamp signs: Rekor's canonical JSON of the entry (keys sorted). */
  static byte[] setPayload(TlogEntry e) {
    String json =
        "{\"body\":\""
            + Base64.getEncoder().encodeToString(e.canonicalizedBody())
            + "\",\"integratedTime\":"
            + e.integratedTime()
            + ",\"logID\":\""
            + Hex.of(e.logId())
            + "\",\"logIndex\":"
            + e.logIndex()
            + "}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  /** DSSE's pre-authentication encoding: {@code DSSEv1 len(type) type len(payload) payload}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    String head = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(h, h.length + payload.length);
    System.arraycopy(payload, 0, out, h.length, payload.length);
    return out;
  }

  private static Optional<String> checkpoint(
      InclusionProof p, Optional<TrustedRoot.TransparencyLog> log, byte[] logId) {
    if (p.checkpoint().isEmpty()) {
      return Optional.of(
          "the inclusion proof has no checkpoint: its root hash is signed by nobody");
    }
    if (log.isEmpty()) {
      return Optional.of("no trusted key for the entry's log");
    }
    Checkpoint c;
    try {
      c = Checkpoint.parse(p.checkpoint().get());
    } catch (ParseException e) {
      return Optional.of(e.getMessage());
    }
    Optional<Checkpoint.NoteSignature> sig = c.signedBy(log.get().key(), logId);
    if (sig.isEmpty()) {
      return Optional.of("the checkpoint is not signed by " + log.get().baseUrl() + "'s key");
    }
    // A signed note names its log: the signer's name and the origin must be the log's host, so no
    // byte of the note goes unchecked (an ECDSA signature covers the body, not the name).
    String host = host(log.get().baseUrl());
    if (!sig.get().name().equals(host)
        || !(c.origin().equals(host) || c.origin().startsWith(host + " - "))) {
      return Optional.of(
          "the checkpoint of '"
              + c.origin()
              + "' is signed as '"
              + sig.get().name()
              + "', not as the log "
              + host);
    }
    if (c.treeSize() != p.treeSize() || !Arrays.equals(c.rootHash(), p.rootHash())) {
      return Optional.of(
          "the checkpoint commits to tree "
              + c.treeSize()
              + " root "
              + Hex.abbreviate(Hex.of(c.rootHash()))
              + ", not to the proof's");
    }
    return Optional.empty();
  }

  /**
   * The host of a log's base URL ({@code https://rekor.sigstore.dev} → {@code rekor.sigstore.dev}).
   */
  static String host(String baseUrl) {
    int scheme = baseUrl.indexOf("://");
    String h = scheme < 0 ? baseUrl : baseUrl.substring(scheme + 3);
    int slash = h.indexOf('/');
    return slash < 0 ? h : h.substring(0, slash);
  }

  /** The issuing CA when the leaf chains to a CA of the root that was valid at {@code at}. */
  private static Optional<X509Certificate> chain(
      X509Certificate leaf, TrustedRoot root, Instant at, List<String> why) {
    for (TrustedRoot.CertificateAuthority ca : root.certificateAuthorities()) {
      if (!ca.validFor().contains(at)) {
        continue;
      }
      List<X509Certificate> path = new ArrayList<>();
      path.add(leaf);
      path.addAll(ca.chain());
      Optional<String> problem = Certificates.validatePath(path, List.of(ca.root()), at);
      if (problem.isEmpty()) {
        return Optional.of(ca.chain().get(0));
      }
      why.add(ca.chain().get(0).getSubjectX500Principal().getName() + ": " + problem.get());
    }
    if (why.isEmpty()) {
      why.add("no Fulcio CA of the trusted root was valid at the certificate's issuance, " + at);
    }
    return Optional.empty();
  }

  private static boolean codeSigning(X509Certificate leaf) {
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      return eku != null && eku.contains(CODE_SIGNING);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static boolean messageSignature(X509Certificate leaf, BundleContent.MessageSignature m) {
    try {
      if (!"SHA2_256".equals(m.algorithm()) || m.digest().length != 32) {
        return false;
      }
      // The signature is over the artifact; with only its digest, ECDSA verifies the digest as is.
      Signature s = Signature.getInstance("NONEwithECDSA");
      s.initVerify(leaf.getPublicKey());
      s.update(m.digest());
      return s.verify(m.signature());
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** SHA-256 of bytes, for callers that hold an artifact. */
  public static byte[] sha256(byte[] b) {
    return Digests.sha256(b);
  }
}
