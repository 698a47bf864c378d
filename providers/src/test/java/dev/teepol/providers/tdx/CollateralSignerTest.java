package dev.teepol.providers.tdx;

import static dev.teepol.providers.tdx.SimAppraisal.appraise;
import static dev.teepol.providers.tdx.SimAppraisal.describe;
import static dev.teepol.providers.tdx.SimAppraisal.failed;
import static dev.teepol.providers.tdx.SimAppraisal.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.CollateralSigner;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Audit item 1: TCB info and QE identity are trusted only when signed by Intel's TCB Signing
 * certificate, in exactly the chain Intel ships ([TCB Signing, root]), and no certificate of any
 * chain is revoked by its own issuer's CRL. Each signer here is minted with the simulator's test
 * PKI; with any of them the document is not authentic, the reason names the certificate, and the
 * decision is DENY.
 */
class CollateralSignerTest {
  /** What the reason of the document's signature check must name for each wrong signer. */
  private static final Map<CollateralSigner, String> NAMED =
      Map.of(
          CollateralSigner.PCK_LEAF, "PCK Certificate",
          CollateralSigner.PCK_PLATFORM_CA, "PCK Platform CA",
          CollateralSigner.REVOKED_PCK_LEAF, "PCK Certificate",
          CollateralSigner.ROOT, "Root CA",
          CollateralSigner.TCB_NAMED_CA, "TCB Signing",
          CollateralSigner.TCB_NAMED_WITHOUT_DIGITAL_SIGNATURE, "TCB Signing",
          CollateralSigner.TCB_NAMED_ISSUED_BY_PCK_CA, "TCB Signing",
          CollateralSigner.WRONG_NAME, "Collateral Signing",
          CollateralSigner.EXTRA_CERT_IN_CHAIN, "issuer chain of 3 certificate");

  @TempDir Path tmp;

  static Stream<Arguments> wrongSigners() {
    return NAMED.keySet().stream()
        .sorted()
        .flatMap(s -> Stream.of(Arguments.of(s, "TCB info"), Arguments.of(s, "QE identity")));
  }

  @ParameterizedTest(name = "{1} signed by {0}")
  @MethodSource("wrongSigners")
  void collateralSignedByAnythingButTheTcbSigningCertificateIsNotAuthentic(
      CollateralSigner signer, String doc) throws IOException {
    boolean tcb = doc.equals("TCB info");
    DcapSimulator.Builder b = DcapSimulator.builder();
    Appraisal a =
        appraise(
            (tcb ? b.tcbInfoSigner(signer) : b.qeIdentitySigner(signer)).build().generate(), tmp);
    String sigCheck = tcb ? TdxChecks.TCB_INFO_SIGNATURE : TdxChecks.QE_IDENTITY_SIGNATURE;

    assertThat(failed(a, sigCheck)).as(describe(a)).isTrue();
    assertThat(reason(a, sigCheck)).contains(NAMED.get(signer));
    assertThat(a.genuine()).isFalse();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .as(describe(a))
        .isEqualTo(Decision.DENY);
  }

  /**
   * The key of some other platform's PCK, revoked since: refused for its shape and reported
   * revoked.
   */
  @Test
  void aRevokedPckLeafSigningTcbInfoIsReportedRevokedByName() throws IOException {
    Appraisal a =
        appraise(
            DcapSimulator.builder()
                .tcbInfoSigner(CollateralSigner.REVOKED_PCK_LEAF)
                .build()
                .generate(),
            tmp);
    assertThat(failed(a, TdxChecks.REVOCATION)).as(describe(a)).isTrue();
    assertThat(reason(a, TdxChecks.REVOCATION))
        .contains("PCK Certificate", "revoked", "TCB info issuer chain");
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  /** Intel's shape, but the TCB Signing certificate is on the root CA CRL. */
  @Test
  void aRevokedTcbSigningCertificateFailsRevocationByName() throws IOException {
    Appraisal a =
        appraise(
            DcapSimulator.builder()
                .tcbInfoSigner(CollateralSigner.REVOKED_TCB_SIGNING)
                .build()
                .generate(),
            tmp);
    assertThat(failed(a, TdxChecks.REVOCATION)).as(describe(a)).isTrue();
    assertThat(reason(a, TdxChecks.REVOCATION)).contains("TCB Signing", "revoked");
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  /**
   * Revocation is judged per certificate against its own issuer's CRL: the PCK leaf against the PCK
   * CRL.
   */
  @Test
  void theRevokedPckLeafOfTheQuoteIsNamedInTheRevocationReason() throws IOException {
    Appraisal a =
        appraise(DcapSimulator.builder().breakage(Breakage.PCK_REVOKED).build().generate(), tmp);
    assertThat(reason(a, TdxChecks.REVOCATION)).contains("PCK Certificate", "PCK chain", "PCK CRL");
  }

  /**
   * A CA certificate (path length 0) named TCB Signing is refused as a CA, before its key usage is
   * looked at (PIT: "basicConstraints >= 0" relaxed to "> 0" survived, since the key usage check
   * refused it next).
   */
  @Test
  void aCaCertificateNamedTcbSigningIsRefusedAsACa() throws IOException {
    Appraisal a =
        appraise(
            DcapSimulator.builder().tcbInfoSigner(CollateralSigner.TCB_NAMED_CA).build().generate(),
            tmp);
    assertThat(reason(a, TdxChecks.TCB_INFO_SIGNATURE))
        .as(describe(a))
        .contains("is a CA certificate");
  }

  @Test
  void intelsShapeVerifies() throws IOException {
    Appraisal a = appraise(DcapSimulator.builder().build().generate(), tmp);
    assertThat(a.checks()).as(describe(a)).allMatch(c -> c.passed());
    assertThat(a.check(TdxChecks.TCB_INFO_SIGNATURE).orElseThrow().explanation())
        .contains("TCB Signing");
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.ALLOW);
  }
}
