package dev.teepol.providers.sevsnp;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.ReportDataConventions;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.verify.SnpVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AMD SEV-SNP attestation reports (versions 2–5): the raw 0x4A0-byte report, dstack's SCALE {@code
 * VersionedAttestation} holding one, and a lone VCEK/VLEK certificate (a chain check with no
 * report). One instance keeps the caches of verified chains and keys; providers built on SEV-SNP
 * (Tinfoil) require the set's instance and call {@link #verify}.
 */
public final class SnpProvider implements EvidenceProvider {
  public static final String ID = "sev-snp";

  private final SnpVerifier verifier = new SnpVerifier();

  @Override
  public String id() {
    return ID;
  }

  /**
   * A raw report: exactly 0x4A0 bytes, version 2–5, SIGNATURE_ALGO 1. A dstack container: SCALE V0,
   * the SEV-SNP quote variant and a 1184-byte report length. A single DER or PEM certificate with
   * AMD's VCEK/VLEK extensions.
   */
  @Override
  public boolean recognizes(EvidenceSource source, Limits limits) {
    byte[] b = source.content();
    return isReport(b)
        || dev.teepol.providers.sevsnp.dstack.DstackSnpAttestationParser.sniff(b)
        || CertificateEvidence.sniff(b, limits);
  }

  static boolean isReport(byte[] b) {
    if (b.length != SnpReport.LENGTH) {
      return false;
    }
    long version = ByteReader.u32le(b, 0);
    return version >= 2 && version <= 5 && ByteReader.u32le(b, 0x34) == 1;
  }

  /**
   * Verifies a report with the certificates the context's collateral sources supply and publishes
   * the typed result. No nonce check runs here: where a nonce sits in REPORT_DATA is the convention
   * of the format that carries the report.
   */
  public VerifiedSnpReport verify(String subject, byte[] report, AppraisalContext ctx) {
    return verify(subject, report, SnpInputs.NONE, ctx);
  }

  /**
   * As {@link #verify(String, byte[], AppraisalContext)}, with certificates the evidence carries.
   */
  public VerifiedSnpReport verify(
      String subject, byte[] report, SnpInputs inputs, AppraisalContext ctx) {
    SnpVerifier.Result r = verifier.verify(report, inputs.certificates(), inputs.product(), ctx);
    Appraisal a = new Appraisal(SnpEvidence.of(subject, r), r.checks());
    return new VerifiedSnpReport(r.report(), r.product(), r.signed(), r.chained(), r.tcb(), a);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    byte[] b = source.content();
    if (dev.teepol.providers.sevsnp.dstack.DstackSnpAttestationParser.sniff(b)) {
      return new dev.teepol.providers.sevsnp.dstack.DstackSnpAppraiser(this)
          .appraise(source, context);
    }
    if (!isReport(b) && CertificateEvidence.sniff(b, context.limits())) {
      return CertificateEvidence.appraise(source, verifier, context);
    }
    VerifiedSnpReport v = verify(source.name(), b, context);
    return withNonce(v, context, NONCE_RAW);
  }

  /** REPORT_DATA equals the nonce zero-padded to 64 bytes. */
  static final ReportDataRule NONCE_RAW =
      new ReportDataRule(
          SnpChecks.NONCE,
          "nonce zero-padded to 64 bytes",
          (nonce, rd) -> {
            Optional<byte[]> raw = ReportDataConventions.raw(nonce);
            return raw.isPresent() && Digests.constantTimeEquals(raw.get(), rd);
          });

  /** Where a format carries the caller's nonce in REPORT_DATA. */
  record ReportDataRule(
      String checkId, String convention, java.util.function.BiPredicate<byte[], byte[]> carries) {}

  /** NonceInfo's one rule: a nonce check only when a nonce was supplied. */
  static Appraisal withNonce(VerifiedSnpReport v, AppraisalContext ctx, ReportDataRule rule) {
    if (ctx.expectedNonce().isEmpty()) {
      return v.appraisal();
    }
    byte[] expected = ctx.expectedNonce().get();
    List<CheckResult> checks = new ArrayList<>(v.checks());
    NonceInfo nonce;
    if (v.reportData().isEmpty()) {
      nonce = NonceInfo.supplied(expected, false);
      checks.add(
          CheckResult.unevaluable(
              rule.checkId(), CheckCategory.BINDING, "the report did not decode"));
    } else {
      byte[] rd = v.reportData().get();
      boolean ok = rule.carries().test(expected, rd);
      nonce = NonceInfo.supplied(expected, ok);
      checks.add(
          CheckResult.of(
              rule.checkId(),
              CheckCategory.BINDING,
              ok,
              "REPORT_DATA carries the nonce (" + rule.convention() + ")",
              "REPORT_DATA "
                  + Hex.abbreviate(Hex.of(rd))
                  + " does not carry the nonce "
                  + Hex.abbreviate(Hex.of(expected))
                  + " ("
                  + rule.convention()
                  + ")"));
    }
    return new Appraisal(v.appraisal().evidence().toBuilder().nonce(nonce).build(), checks);
  }
}
