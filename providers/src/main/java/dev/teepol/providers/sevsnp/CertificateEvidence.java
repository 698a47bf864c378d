package dev.teepol.providers.sevsnp;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.SnpGuest;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.cert.AmdCertificate;
import dev.teepol.providers.sevsnp.cert.AmdRole;
import dev.teepol.providers.sevsnp.verify.SnpVerifier;
import dev.teepol.providers.sevsnp.verify.SuppliedCertificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VCEK or VLEK certificate given on its own, with no report: what a relying party checks before
 * it trusts a certificate it fetched. Only the chain to the pinned ARK can be judged; the report
 * signature check is UNEVALUABLE ("no report"), so such evidence is never genuine and every policy
 * denies it: a certificate attests no guest.
 */
final class CertificateEvidence {
  /** Check id for the certificate's own decoding. PARSE. */
  static final String PARSE = "sev-snp.certificate.parse";

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

  /** DER of AMD's productName OID 1.3.6.1.4.1.3704.1.2, present in every VCEK and VLEK. */
  private static final byte[] PRODUCT_NAME_OID = {
    0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x9c, 0x78, 0x01, 0x02
  };

  private CertificateEvidence() {}

  /**
   * One DER certificate (or one PEM block) of at most {@link Limits#maxAnchorBytes()} bytes holding
   * AMD's productName extension: a byte scan, no parse.
   */
  static boolean sniff(byte[] b, Limits limits) {
    if (b.length == 0 || b.length > limits.maxAnchorBytes()) {
      return false;
    }
    byte[] der = b;
    if (b[0] != 0x30) {
      Optional<byte[]> d = pemBody(b);
      if (d.isEmpty()) {
        return false;
      }
      der = d.get();
    }
    return der.length > 0 && der[0] == 0x30 && indexOf(der, PRODUCT_NAME_OID) >= 0;
  }

  private static Optional<byte[]> pemBody(byte[] b) {
    String s = new String(b, StandardCharsets.US_ASCII).strip();
    if (!s.startsWith(BEGIN)) {
      return Optional.empty();
    }
    // Searched after BEGIN: "-----BEGIN CERTIFICATE-----END CERTIFICATE-----" shares its dashes,
    // and an END found inside BEGIN would put the body's end before its start.
    int end = s.indexOf("-----END CERTIFICATE-----", BEGIN.length());
    if (end < 0 || s.indexOf(BEGIN, BEGIN.length()) >= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          java.util.Base64.getMimeDecoder().decode(s.substring(BEGIN.length(), end)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static Appraisal appraise(EvidenceSource source, SnpVerifier verifier, AppraisalContext ctx) {
    X509Certificate cert;
    try {
      cert = Certificates.parseAny(source.content(), 1).get(0);
    } catch (Exception e) {
      return Appraisal.unparsable(
          SnpProvider.ID,
          source.name(),
          PARSE,
          "the certificate does not decode: " + e.getMessage());
    }
    Optional<AmdCertificate> leaf =
        AmdCertificate.classify(cert)
            .filter(c -> c.role() == AmdRole.VCEK || c.role() == AmdRole.VLEK);
    if (leaf.isEmpty()) {
      return Appraisal.unparsable(
          SnpProvider.ID,
          source.name(),
          PARSE,
          "'"
              + cert.getSubjectX500Principal().getName()
              + "' is not a VCEK or VLEK issued by an AMD ASK or ASVK");
    }
    CheckResult chain = verifier.verifyChainOnly(leaf.get(), SuppliedCertificates.NONE, ctx);
    List<CheckResult> checks =
        List.of(
            CheckResult.pass(
                PARSE,
                CheckCategory.PARSE,
                leaf.get().role() + " for " + leaf.get().product().kdsName()),
            chain,
            CheckResult.unevaluable(
                SnpChecks.SIGNATURE,
                CheckCategory.SIGNATURE,
                "no report: a " + leaf.get().role() + " certificate alone attests no guest"));
    Platform platform =
        new Platform(
            SnpEvidence.TEE,
            SnpEvidence.VENDOR,
            false,
            Tcb.UNKNOWN,
            CollateralInfo.NONE,
            TdAttributes.NONE,
            new SnpGuest(
                leaf.get().product().id(),
                leaf.get().role().name().toLowerCase(java.util.Locale.ROOT),
                -1,
                Map.of(),
                Map.of()));
    return new Appraisal(
        Evidence.builder(SnpProvider.ID, source.name()).platform(platform).build(), checks);
  }
}
