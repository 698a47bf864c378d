package dev.teepol.providers.tpm;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.CosLaunch;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tpm.abi.AkPublic;
import dev.teepol.providers.tpm.abi.AkPublicParser;
import dev.teepol.providers.tpm.abi.AttestationBundle;
import dev.teepol.providers.tpm.abi.CelParser;
import dev.teepol.providers.tpm.abi.CelRecord;
import dev.teepol.providers.tpm.abi.EventLog;
import dev.teepol.providers.tpm.abi.EventLogParser;
import dev.teepol.providers.tpm.abi.PcrSelection;
import dev.teepol.providers.tpm.abi.Quote;
import dev.teepol.providers.tpm.abi.QuoteParser;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.TpmSignature;
import dev.teepol.providers.tpm.abi.TpmSignatureParser;
import dev.teepol.providers.tpm.verify.AkPathCache;
import dev.teepol.providers.tpm.verify.AkTrust;
import dev.teepol.providers.tpm.verify.BootDecoder;
import dev.teepol.providers.tpm.verify.CosLaunchDecoder;
import dev.teepol.providers.tpm.verify.EventDataRules;
import dev.teepol.providers.tpm.verify.PcrReplay;
import dev.teepol.providers.tpm.verify.QuoteSignatures;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs every check of one TPM attestation, each as its own {@link CheckResult}, and gathers what
 * {@link TpmEvidence} maps into the model. The order matters only for reports: parse, key, quotes,
 * trust, logs.
 */
final class TpmAppraiser {

  /** One quote as decoded and verified. */
  record CheckedQuote(
      int index,
      Quote quote,
      TpmSignature signature,
      Map<TpmHash, Map<Integer, byte[]>> pcrs,
      Optional<String> signatureProblem,
      Optional<String> digestProblem) {
    boolean verified() {
      return signatureProblem.isEmpty() && digestProblem.isEmpty();
    }

    /** The strongest bank the quote selects. */
    TpmHash bank() {
      return quote.selections().stream()
          .map(PcrSelection::bank)
          .max(Enum::compareTo)
          .orElse(TpmHash.SHA1);
    }
  }

  /** Everything the mapper needs besides the checks. */
  record Findings(
      AttestationBundle bundle,
      Optional<AkPublic> ak,
      List<CheckedQuote> quotes,
      Optional<AkTrust> trust,
      Map<TpmHash, Map<Integer, byte[]>> verifiedPcrs,
      Optional<EventLog> log,
      Optional<BootDecoder.Decoded> boot,
      boolean bootProven,
      Optional<CosLaunch> cos,
      boolean cosProven) {

    boolean akTrusted() {
      return trust.map(t -> t.status() == AkTrust.Status.TRUSTED).orElse(false);
    }

    boolean signed() {
      return !quotes.isEmpty() && quotes.stream().allMatch(CheckedQuote::verified);
    }
  }

  private final List<CheckResult> checks = new ArrayList<>();
  private final AkPathCache akPaths;

  private TpmAppraiser(AkPathCache akPaths) {
    this.akPaths = akPaths;
  }

  record Result(List<CheckResult> checks, Findings findings) {}

  static Result appraise(AttestationBundle b, AppraisalContext ctx, AkPathCache akPaths) {
    TpmAppraiser a = new TpmAppraiser(akPaths);
    Findings f = a.run(b, ctx);
    return new Result(List.copyOf(a.checks), f);
  }

  private Findings run(AttestationBundle b, AppraisalContext ctx) {
    pass(
        TpmChecks.PARSE,
        CheckCategory.PARSE,
        b.container().description()
            + (b.unverified().isEmpty() ? "" : "; not verified here: " + b.unverified()));
    boolean bareLog = b.akPublic().isEmpty() && b.quotes().isEmpty();
    Optional<AkPublic> ak = bareLog ? Optional.empty() : ak(b);
    ak.ifPresent(this::attributes);
    List<CheckedQuote> quotes = quotes(b, ak);
    Map<TpmHash, Map<Integer, byte[]>> verified = new EnumMap<>(TpmHash.class);
    for (CheckedQuote q : quotes) {
      if (q.verified()) {
        for (PcrSelection s : q.quote().selections()) {
          verified.put(s.bank(), new TreeMap<>(q.pcrs().getOrDefault(s.bank(), Map.of())));
        }
      }
    }
    Optional<AkTrust> trust =
        ak.map(
            k ->
                AkTrust.establish(
                    k,
                    b.akCertificate(),
                    b.intermediates(),
                    ctx.trustAnchors(),
                    () -> ctx.clock().instant(),
                    ctx.limits(),
                    akPaths));
    trust.ifPresent(this::trust);
    Optional<EventLog> log = Optional.empty();
    Optional<BootDecoder.Decoded> boot = Optional.empty();
    boolean bootProven = false;
    if (b.eventLog().isPresent()) {
      try {
        EventLog l = EventLogParser.parse(b.eventLog().get(), ctx.limits());
        log = Optional.of(l);
        pass(
            TpmChecks.EVENT_LOG_PARSE,
            CheckCategory.PARSE,
            l.format().label()
                + " log, "
                + l.events().size()
                + " events, banks "
                + labels(l.banks()));
      } catch (ParseException e) {
        checks.add(
            CheckResult.fail(TpmChecks.EVENT_LOG_PARSE, CheckCategory.PARSE, e.getMessage()));
      }
    }
    if (log.isPresent()) {
      EventLog l = log.get();
      List<String> dataProblems = EventDataRules.check(l);
      checks.add(
          CheckResult.of(
              TpmChecks.EVENT_LOG_DATA,
              CheckCategory.BINDING,
              dataProblems.isEmpty(),
              "event data agrees with the digests; separators and PCR 7 in order",
              String.join("; ", dataProblems)));
      Replay r = replay(l, verified, !quotes.isEmpty());
      if (r.decodeBank().isPresent()) {
        boot =
            Optional.of(
                BootDecoder.decode(
                    l, r.decodeBank().get(), p -> r.trusted().contains(p), r.replayedBanks()));
        bootProven = dataProblems.isEmpty() && r.passed();
      } else if (quotes.isEmpty() && !l.banks().isEmpty()) {
        // No quote: decoded all the same, for a person reading the report; never bound.
        boot = Optional.of(BootDecoder.decode(l, l.banks().get(0), p -> true, List.of()));
      }
    }
    Optional<CosLaunch> cos = Optional.empty();
    boolean cosProven = false;
    if (b.canonicalEventLog().isPresent()) {
      try {
        List<CelRecord> records = CelParser.parse(b.canonicalEventLog().get(), ctx.limits());
        pass(TpmChecks.CEL_PARSE, CheckCategory.PARSE, records.size() + " records");
        Map<TpmHash, byte[]> pcr13 = new EnumMap<>(TpmHash.class);
        verified.forEach(
            (bank, values) -> {
              byte[] v = values.get(CosLaunchDecoder.COS_PCR);
              if (v != null) {
                pcr13.put(bank, v);
              }
            });
        CosLaunchDecoder.Result c = CosLaunchDecoder.decode(records, pcr13);
        cos = Optional.of(c.launch());
        if (pcr13.isEmpty()) {
          checks.add(
              CheckResult.unevaluable(
                  TpmChecks.CEL_REPLAY,
                  CheckCategory.BINDING,
                  "no verified quote covers PCR 13: the launcher's log is not attested"));
        } else {
          cosProven = c.problems().isEmpty();
          checks.add(
              CheckResult.of(
                  TpmChecks.CEL_REPLAY,
                  CheckCategory.BINDING,
                  cosProven,
                  "replays to PCR 13 in " + labels(List.copyOf(pcr13.keySet())),
                  String.join("; ", c.problems())));
        }
      } catch (ParseException e) {
        checks.add(CheckResult.fail(TpmChecks.CEL_PARSE, CheckCategory.PARSE, e.getMessage()));
      }
    }
    return new Findings(b, ak, quotes, trust, verified, log, boot, bootProven, cos, cosProven);
  }

  private Optional<AkPublic> ak(AttestationBundle b) {
    if (b.akPublic().isEmpty()) {
      checks.add(
          CheckResult.fail(
              TpmChecks.AK_PARSE,
              CheckCategory.PARSE,
              "the evidence carries no attestation key (TPMT_PUBLIC)"));
      return Optional.empty();
    }
    try {
      AkPublic k = AkPublicParser.parse(b.akPublic().get());
      pass(
          TpmChecks.AK_PARSE,
          CheckCategory.PARSE,
          k.algorithm()
              + k.scheme().map(s -> ", scheme " + s).orElse("")
              + ", name "
              + Hex.abbreviate(Hex.of(k.name())));
      return Optional.of(k);
    } catch (ParseException e) {
      checks.add(
          CheckResult.fail(
              TpmChecks.AK_PARSE, CheckCategory.PARSE, within("ak_pub ", e).getMessage()));
      return Optional.empty();
    }
  }

  private void attributes(AkPublic k) {
    long missing = AkPublic.REQUIRED & ~k.attributes();
    List<String> names = new ArrayList<>();
    if ((missing & AkPublic.FIXED_TPM) != 0) {
      names.add("fixedTPM");
    }
    if ((missing & AkPublic.SENSITIVE_DATA_ORIGIN) != 0) {
      names.add("sensitiveDataOrigin");
    }
    if ((missing & AkPublic.RESTRICTED) != 0) {
      names.add("restricted");
    }
    if ((missing & AkPublic.SIGN) != 0) {
      names.add("sign");
    }
    boolean decrypt = (k.attributes() & AkPublic.DECRYPT) != 0;
    long reserved = k.attributes() & AkPublic.RESERVED;
    checks.add(
        CheckResult.of(
            TpmChecks.AK_ATTRIBUTES,
            CheckCategory.BINDING,
            names.isEmpty() && !decrypt && reserved == 0,
            String.format("a restricted signing key generated in its TPM (0x%08x)", k.attributes()),
            String.format("objectAttributes 0x%08x", k.attributes())
                + (names.isEmpty() ? "" : " lack " + names)
                + (decrypt ? " set decrypt" : "")
                + (reserved == 0
                    ? ""
                    : String.format(
                        " set reserved bits 0x%08x (no TPM creates such a key)", reserved))
                + ": not an attestation key; an unrestricted key can sign a forged quote"));
  }

  private List<CheckedQuote> quotes(AttestationBundle b, Optional<AkPublic> ak) {
    if (b.quotes().isEmpty()) {
      checks.add(
          CheckResult.fail(
              TpmChecks.QUOTE_PARSE,
              CheckCategory.PARSE,
              "no quote: an event log alone proves nothing (any software can write one)"));
      return List.of();
    }
    List<CheckedQuote> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<TpmHash> banks = EnumSet.noneOf(TpmHash.class);
    for (int i = 0; i < b.quotes().size(); i++) {
      AttestationBundle.SignedQuote sq = b.quotes().get(i);
      try {
        Quote q;
        try {
          q = QuoteParser.parse(sq.attest());
        } catch (ParseException e) {
          throw within("quotes[" + i + "].quote ", e);
        }
        TpmSignature sig;
        try {
          sig = TpmSignatureParser.parse(sq.signature());
        } catch (ParseException e) {
          throw within("quotes[" + i + "].signature ", e);
        }
        if (q.selections().stream().allMatch(s -> s.pcrs().isEmpty())) {
          throw new ParseException("quotes[" + i + "].pcrSelect", 0, "the quote selects no PCR");
        }
        for (PcrSelection s : q.selections()) {
          if (!banks.add(s.bank())) {
            throw new ParseException(
                "quotes[" + i + "].pcrSelect", 0, "bank " + s.bank().label() + " is quoted twice");
          }
        }
        Optional<String> sigProblem =
            ak.map(k -> QuoteSignatures.verify(k, q.signed(), sig).or(() -> signerName(k, q)))
                .orElse(Optional.of("no attestation key to verify it with"));
        out.add(new CheckedQuote(i, q, sig, sq.pcrs(), sigProblem, pcrDigest(q, sig, sq.pcrs())));
      } catch (ParseException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      checks.add(
          CheckResult.fail(
              TpmChecks.QUOTE_PARSE, CheckCategory.PARSE, String.join("; ", problems)));
    } else {
      pass(
          TpmChecks.QUOTE_PARSE,
          CheckCategory.PARSE,
          out.size() + " quote(s) over " + labels(List.copyOf(banks)));
    }
    if (out.isEmpty()) {
      return out;
    }
    if (ak.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TpmChecks.QUOTE_SIGNATURE, CheckCategory.SIGNATURE, "no attestation key decoded"));
    } else {
      List<String> bad =
          out.stream()
              .filter(q -> q.signatureProblem().isPresent())
              .map(
                  q ->
                      "quote "
                          + q.index()
                          + " ("
                          + q.bank().label()
                          + "): "
                          + q.signatureProblem().get())
              .toList();
      checks.add(
          CheckResult.of(
              TpmChecks.QUOTE_SIGNATURE,
              CheckCategory.SIGNATURE,
              bad.isEmpty(),
              "the AK signed "
                  + out.stream()
                      .map(
                          q ->
                              q.bank().label()
                                  + " ("
                                  + q.signature().scheme().label()
                                  + "/"
                                  + q.signature().hash().label()
                                  + ")")
                      .collect(Collectors.joining(", ")),
              String.join("; ", bad)));
    }
    List<String> digestBad =
        out.stream()
            .filter(q -> q.digestProblem().isPresent())
            .map(q -> "quote " + q.index() + ": " + q.digestProblem().get())
            .toList();
    checks.add(
        CheckResult.of(
            TpmChecks.QUOTE_PCR_DIGEST,
            CheckCategory.BINDING,
            digestBad.isEmpty(),
            "each pcrDigest is the hash of the PCR values given with it",
            String.join("; ", digestBad)));
    sameBoot(out);
    return out;
  }

  /**
   * The signer's qualified name is computed with the signing key's nameAlg (TPM 2.0 Part 1, 16: QN
   * = H_nameAlg(QN_parent ‖ Name)), so its algorithm must be the AK's nameAlg. The qualified name
   * itself cannot be recomputed without the key's hierarchy; this at least ties the nameAlg the
   * public area states (and with it the AK name the evidence reports) to the signed quote.
   */
  private static Optional<String> signerName(AkPublic k, Quote q) {
    byte[] n = q.qualifiedSigner();
    if (n.length < 2) {
      return Optional.of("qualifiedSigner is not a name");
    }
    int alg = ((n[0] & 0xFF) << 8) | (n[1] & 0xFF);
    return alg == k.nameAlg().id()
        ? Optional.empty()
        : Optional.of(
            String.format(
                "qualifiedSigner is a name of algorithm 0x%04x, the AK's nameAlg is %s: the public"
                    + " area is not the one this key was quoted under",
                alg, k.nameAlg().label()));
  }

  /**
   * The quote's pcrDigest against the values given: exactly the selected PCRs of each selected
   * bank, hashed in selection order with the signature's hash.
   */
  static Optional<String> pcrDigest(
      Quote q, TpmSignature sig, Map<TpmHash, Map<Integer, byte[]>> values) {
    ByteArrayOutputStream concat = new ByteArrayOutputStream();
    for (PcrSelection s : q.selections()) {
      Map<Integer, byte[]> bank = values.getOrDefault(s.bank(), Map.of());
      Set<Integer> given = new TreeSet<>(bank.keySet());
      Set<Integer> selected = new TreeSet<>(s.pcrs());
      if (!given.equals(selected)) {
        Set<Integer> missing = new TreeSet<>(selected);
        missing.removeAll(given);
        Set<Integer> extra = new TreeSet<>(given);
        extra.removeAll(selected);
        return Optional.of(
            s.bank().label()
                + ": "
                + (missing.isEmpty() ? "" : "no value for quoted PCRs " + missing)
                + (missing.isEmpty() || extra.isEmpty() ? "" : ", ")
                + (extra.isEmpty()
                    ? ""
                    : "values for PCRs " + extra + " the quote does not cover"));
      }
      for (int pcr : s.pcrs()) {
        concat.writeBytes(bank.get(pcr));
      }
    }
    byte[] digest = sig.hash().hash(concat.toByteArray());
    return Arrays.equals(digest, q.pcrDigest())
        ? Optional.empty()
        : Optional.of(
            "pcrDigest "
                + Hex.abbreviate(Hex.of(q.pcrDigest()))
                + " is not the "
                + sig.hash().label()
                + " of the given PCR values ("
                + Hex.abbreviate(Hex.of(digest))
                + ")");
  }

  /** The same error, its field named inside the container part it was read from. */
  static ParseException within(String part, ParseException e) {
    String prefix = e.field() + " at offset " + e.offset() + ": ";
    String reason =
        e.getMessage().startsWith(prefix)
            ? e.getMessage().substring(prefix.length())
            : e.getMessage();
    return new ParseException(part + e.field(), e.offset(), reason);
  }

  private void sameBoot(List<CheckedQuote> quotes) {
    Quote first = quotes.get(0).quote();
    List<String> differ = new ArrayList<>();
    for (CheckedQuote c : quotes.subList(1, quotes.size())) {
      Quote q = c.quote();
      if (q.resetCount() != first.resetCount() || q.restartCount() != first.restartCount()) {
        differ.add("quote " + c.index() + " is from another boot (reset/restart counts)");
      }
      if (!Arrays.equals(q.qualifiedSigner(), first.qualifiedSigner())) {
        differ.add("quote " + c.index() + " has another qualified signer");
      }
      if (q.firmwareVersion() != first.firmwareVersion()) {
        differ.add("quote " + c.index() + " reports another TPM firmware");
      }
      if (!Arrays.equals(q.extraData(), first.extraData())) {
        differ.add("quote " + c.index() + " answers another challenge (extraData)");
      }
    }
    checks.add(
        CheckResult.of(
            TpmChecks.QUOTE_SAME_BOOT,
            CheckCategory.BINDING,
            differ.isEmpty(),
            quotes.size()
                + " quote(s) from one boot (resetCount "
                + first.resetCount()
                + ", restartCount "
                + first.restartCount()
                + ")",
            String.join("; ", differ)));
  }

  private void trust(AkTrust t) {
    checks.add(
        switch (t.status()) {
          case TRUSTED -> CheckResult.pass(TpmChecks.AK_TRUST, CheckCategory.CHAIN, t.detail());
          case REFUTED -> CheckResult.fail(TpmChecks.AK_TRUST, CheckCategory.CHAIN, t.detail());
          case UNDECIDED ->
              CheckResult.unevaluable(TpmChecks.AK_TRUST, CheckCategory.CHAIN, t.detail());
        });
  }

  /**
   * The replay outcome: the bank facts are decoded from, the PCRs whose events may be decoded, and
   * the banks that replayed.
   */
  record Replay(
      Optional<TpmHash> decodeBank,
      Set<Integer> trusted,
      List<TpmHash> replayedBanks,
      boolean passed) {}

  private Replay replay(EventLog l, Map<TpmHash, Map<Integer, byte[]>> verified, boolean quoted) {
    if (verified.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TpmChecks.EVENT_LOG_REPLAY,
              CheckCategory.BINDING,
              quoted
                  ? "no verified quote to replay the log against"
                  : "no quote: the log's PCR values are not attested by anything"));
      return new Replay(Optional.empty(), Set.of(), List.of(), false);
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<TpmHash> replayed = new ArrayList<>();
    Optional<TpmHash> decodeBank = Optional.empty();
    Set<Integer> trusted = Set.of();
    for (TpmHash bank : TpmHash.STRONGEST_FIRST) {
      Map<Integer, byte[]> quotedValues = verified.get(bank);
      if (quotedValues == null) {
        continue;
      }
      if (!l.banks().contains(bank)) {
        notes.add("the log has no " + bank.label() + " digests");
        continue;
      }
      PcrReplay.Comparison c = PcrReplay.compare(PcrReplay.replay(l, bank), quotedValues);
      problems.addAll(c.problems());
      if (c.problems().isEmpty()) {
        replayed.add(bank);
      }
      if (decodeBank.isEmpty()) {
        decodeBank = Optional.of(bank);
        trusted = new TreeSet<>(c.matched());
      }
      if (!c.unexplained().isEmpty()) {
        notes.add(
            bank.label()
                + " PCRs "
                + c.unexplained()
                + " hold values no event of this log explains (other logs own them)");
      }
    }
    if (decodeBank.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              TpmChecks.EVENT_LOG_REPLAY,
              CheckCategory.BINDING,
              "the log carries none of the quoted banks (log "
                  + labels(l.banks())
                  + ", quoted "
                  + labels(List.copyOf(verified.keySet()))
                  + ")"));
      return new Replay(Optional.empty(), Set.of(), List.of(), false);
    }
    boolean ok = problems.isEmpty();
    checks.add(
        CheckResult.of(
            TpmChecks.EVENT_LOG_REPLAY,
            CheckCategory.BINDING,
            ok,
            "replays to the quoted "
                + labels(replayed)
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)),
            String.join("; ", problems)));
    return new Replay(decodeBank, trusted, replayed, ok);
  }

  private void pass(String id, CheckCategory cat, String detail) {
    checks.add(CheckResult.pass(id, cat, detail));
  }

  static String labels(List<TpmHash> banks) {
    return banks.stream()
        .sorted((a, b) -> b.compareTo(a))
        .map(TpmHash::label)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
