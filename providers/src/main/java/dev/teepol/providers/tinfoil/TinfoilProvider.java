package dev.teepol.providers.tinfoil;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Provenance;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.JsonEvidenceProvider;
import dev.teepol.providers.json.JsonPrefix;
import dev.teepol.providers.sevsnp.SnpProvider;
import dev.teepol.providers.sevsnp.VerifiedSnpReport;
import dev.teepol.providers.sigstore.ReleaseConsumer;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseInputs;
import dev.teepol.providers.sigstore.Releases;
import dev.teepol.providers.sigstore.SigstoreProvider;
import dev.teepol.providers.sigstore.VerifiedRelease;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.VerifiedQuote;
import dev.teepol.providers.tinfoil.abi.TinfoilDocument;
import dev.teepol.providers.tinfoil.abi.TinfoilDocumentParser;
import dev.teepol.providers.tinfoil.verify.RegisterTies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tinfoil enclaves: the attestation document ({@code /.well-known/tinfoil-attestation}) verified
 * with the TDX or SEV-SNP provider of the same set, its keys bound from report_data, and its
 * registers tied to the signed releases given with it (tinfoilsh/verifier's rule): SEV-SNP
 * MEASUREMENT equals the deployment release's {@code snp_measurement}; TDX (MRTD, RTMR0) equal a
 * hardware-measurements profile, RTMR1/RTMR2 the deployment release's, RTMR3 zero. The ties are
 * provider checks, so any policy denies a release whose registers differ.
 */
public final class TinfoilProvider extends JsonEvidenceProvider<TinfoilDocument>
    implements ReleaseConsumer {
  public static final String ID = "tinfoil";

  private final TdxProvider tdx;
  private final SnpProvider snp;
  private final SigstoreProvider sigstore;

  TinfoilProvider(TdxProvider tdx, SnpProvider snp, SigstoreProvider sigstore) {
    super(ID, TinfoilChecks.PARSE);
    this.tdx = tdx;
    this.snp = snp;
    this.sigstore = sigstore;
  }

  /** {@code "format"} as a string and a v2 {@code "body"} or a v3 {@code "cpu"}. */
  @Override
  protected boolean sniff(byte[] content, Limits limits) {
    JsonPrefix p = JsonPrefix.scan(content, limits);
    return p.isObject()
        && p.member("format").equals(Optional.of(JsonPrefix.Kind.STRING))
        && (p.member("body").equals(Optional.of(JsonPrefix.Kind.STRING))
            || p.member("cpu").equals(Optional.of(JsonPrefix.Kind.OBJECT)));
  }

  @Override
  protected TinfoilDocument parse(byte[] content, Limits limits) throws ParseException {
    return TinfoilDocumentParser.parse(content, limits);
  }

  @Override
  protected Appraisal appraise(String subject, TinfoilDocument doc, AppraisalContext ctx) {
    return appraise(subject, doc, ReleaseInputs.NONE, ctx);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, ReleaseInputs releases, AppraisalContext ctx) {
    TinfoilDocument doc;
    try {
      doc = parse(source.content(), ctx.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(ID, source.name(), TinfoilChecks.PARSE, e.getMessage());
    }
    return appraise(source.name(), doc, releases, ctx);
  }

  private Appraisal appraise(
      String subject, TinfoilDocument doc, ReleaseInputs inputs, AppraisalContext ctx) {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(
            TinfoilChecks.PARSE, CheckCategory.PARSE, doc.format() + " (" + doc.platform() + ")"));
    List<VerifiedRelease> releases = new ArrayList<>();
    for (ReleaseFolder f : inputs.folders()) {
      releases.add(sigstore.verifyRelease(f, inputs.identities(), ctx));
    }
    Evidence.Builder ev;
    Optional<RegisterTies.Registers> registers;
    if (doc.platform() == TinfoilDocument.Platform.TDX) {
      VerifiedQuote q = tdx.verify(subject, doc.hardware(), ctx);
      checks.addAll(q.checks());
      ev = q.appraisal().evidence().toBuilder().kind(ID);
      registers = q.authentic() ? q.tdReport().map(RegisterTies.Registers::tdx) : Optional.empty();
      keys(doc, q.body().map(b -> b.reportData()), ev, checks, ctx, q.authentic());
    } else {
      VerifiedSnpReport r = snp.verify(subject, doc.hardware(), ctx);
      checks.addAll(r.checks());
      ev = r.appraisal().evidence().toBuilder().kind(ID);
      registers =
          r.authentic() ? r.measurement().map(RegisterTies.Registers::snp) : Optional.empty();
      keys(doc, r.reportData(), ev, checks, ctx, r.authentic());
    }
    checks.addAll(
        RegisterTies.check(doc.platform(), registers, releases, !inputs.identities().isEmpty()));
    List<Provenance> provenance = new ArrayList<>();
    for (VerifiedRelease r : releases) {
      checks.addAll(Releases.prefixed(r));
      provenance.addAll(r.provenance());
    }
    return new Appraisal(ev.provenance(provenance).build(), checks);
  }

  /**
   * The enclave's TLS key fingerprint and HPKE key, from report_data: v2 carries them as its two
   * halves; v3 hashes them with the client's nonce into the first half.
   */
  private static void keys(
      TinfoilDocument doc,
      Optional<byte[]> reportData,
      Evidence.Builder ev,
      List<CheckResult> checks,
      AppraisalContext ctx,
      boolean authentic) {
    Optional<byte[]> nonce = ctx.expectedNonce();
    if (reportData.isEmpty()) {
      if (nonce.isPresent()) {
        ev.nonce(NonceInfo.supplied(nonce.get(), false));
        checks.add(
            CheckResult.unevaluable(
                TinfoilChecks.NONCE,
                CheckCategory.BINDING,
                "the hardware evidence did not decode"));
      }
      return;
    }
    byte[] rd = reportData.get();
    Binding how = authentic ? Binding.HARDWARE : Binding.SELF_REPORTED;
    List<Signer> signers = new ArrayList<>();
    if (doc.keys() instanceof TinfoilDocument.KeyBinding.Hashed h) {
      byte[] want = Digests.sha256(h.tlsKeyFingerprint(), h.hpkeKey(), h.nonce());
      boolean ok =
          Digests.constantTimeEquals(Arrays.copyOfRange(rd, 0, 32), want)
              && Arrays.equals(Arrays.copyOfRange(rd, 32, 64), new byte[32]);
      checks.add(
          CheckResult.of(
              TinfoilChecks.KEYS,
              CheckCategory.BINDING,
              ok,
              "report_data = SHA-256(tls_key_fp ‖ hpke_key ‖ nonce) ‖ 0",
              "report_data "
                  + Hex.abbreviate(Hex.of(rd))
                  + " is not SHA-256(tls_key_fp ‖ hpke_key ‖ nonce) followed by 32 zero bytes"));
      Binding k = ok && authentic ? Binding.REPORT_DATA : Binding.SELF_REPORTED;
      signers.add(new Signer("tls-spki-sha256", Hex.of(h.tlsKeyFingerprint()), k));
      signers.add(new Signer("hpke-x25519", Hex.of(h.hpkeKey()), k));
      if (nonce.isPresent()) {
        boolean carried = ok && Digests.constantTimeEquals(nonce.get(), h.nonce());
        ev.nonce(NonceInfo.supplied(nonce.get(), carried));
        checks.add(
            CheckResult.of(
                TinfoilChecks.NONCE,
                CheckCategory.BINDING,
                carried,
                "report_data binds the nonce",
                "the document binds nonce "
                    + Hex.abbreviate(Hex.of(h.nonce()))
                    + ", not "
                    + Hex.abbreviate(Hex.of(nonce.get()))));
      }
    } else {
      signers.add(new Signer("tls-spki-sha256", Hex.of(Arrays.copyOfRange(rd, 0, 32)), how));
      signers.add(new Signer("hpke-x25519", Hex.of(Arrays.copyOfRange(rd, 32, 64)), how));
      if (nonce.isPresent()) {
        ev.nonce(NonceInfo.supplied(nonce.get(), false));
        checks.add(
            CheckResult.fail(
                TinfoilChecks.NONCE,
                CheckCategory.BINDING,
                "a "
                    + doc.format()
                    + " document binds no nonce: report_data holds only the two keys"));
      }
    }
    ev.signers(signers);
  }
}
