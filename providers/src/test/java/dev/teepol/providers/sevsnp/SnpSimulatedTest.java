package dev.teepol.providers.sevsnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.TcbParts;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import dev.teepol.providers.sevsnp.sim.SimSnp.Defect;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reports signed under the project's test AMD PKI: every product and report version verifies, and
 * each defect the simulator can build fails exactly the check it targets, nothing else.
 */
class SnpSimulatedTest {
  @TempDir Path tmp;

  private final SnpProvider provider = new SnpProvider();

  Appraisal appraise(SimSnp.Output out, Instant at, Optional<byte[]> nonce) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "snp");
    out.writeTo(dir);
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(at, ZoneOffset.UTC),
            AmdTestPki.get().anchors(),
            new AmdCertificateDirectory(dir, Limits.DEFAULT),
            nonce,
            Limits.DEFAULT);
    EvidenceSource src = new EvidenceSource("sim", out.report());
    assertThat(provider.recognizes(src, Limits.DEFAULT)).isTrue();
    return provider.appraise(src, ctx);
  }

  Appraisal appraise(SimSnp.Output out) throws Exception {
    return appraise(out, SimSnp.VERIFY_AT, Optional.empty());
  }

  static Set<String> notPassed(Appraisal a) {
    return a.checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  static String describe(Appraisal a) {
    return a.checks().stream()
        .map(c -> c.id() + " " + c.outcome().label() + ": " + c.explanation())
        .collect(Collectors.joining("\n"));
  }

  @ParameterizedTest
  @CsvSource({
    "MILAN, 2, false",
    "MILAN, 3, false",
    "MILAN, 3, true",
    "GENOA, 3, false",
    "GENOA, 5, false",
    "TURIN, 5, false",
    "TURIN, 3, false"
  })
  void everyProductAndVersionVerifiesAndStrictAllowsIt(Product p, int version, boolean vlek)
      throws Exception {
    SimSnp sim = SimSnp.builder().product(p).version(version);
    if (vlek) {
      sim.vlek();
    }
    Appraisal a = appraise(sim.build());
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().platform().tee()).isEqualTo("sev-snp");
    assertThat(a.evidence().platform().snp().product()).isEqualTo(p.id());
    assertThat(a.evidence().platform().snp().signingKey()).isEqualTo(vlek ? "vlek" : "vcek");
    assertThat(a.evidence().platform().tcb().status()).isEqualTo("UpToDate");
    Verdict v = StrictPolicy.evaluate(a, SimSnp.VERIFY_AT);
    assertThat(v.allowed()).as(v.checks().toString()).isTrue();
    if (version == 2) {
      assertThat(a.check(SnpChecks.CHAIN).orElseThrow().explanation())
          .contains("from the supplied VCEK's issuer");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "TAMPERED_AFTER_SIGNING, sev-snp.report.signature",
    "SIGNED_BY_ANOTHER_KEY, sev-snp.report.signature",
    "VCEK_FOR_ANOTHER_CHIP, sev-snp.vcek.chip_id",
    "VCEK_FOR_ANOTHER_TCB, sev-snp.vcek.tcb",
    "FORGED_ASK, sev-snp.chain",
    "FORGED_ARK_SUPPLIED, sev-snp.chain",
    "ASK_OF_ANOTHER_PRODUCT, sev-snp.chain",
    "EXPIRED_VCEK, sev-snp.chain",
    "VCEK_NOT_PSS, sev-snp.chain",
    "RESERVED_BYTE_SET, sev-snp.report.parse",
    "BYTE_AFTER_SIGNATURE, sev-snp.report.parse",
    "ASK_REVOKED, sev-snp.crl",
    "CRL_FORGED, sev-snp.crl"
  })
  void eachDefectFailsExactlyItsCheck(Defect defect, String check) throws Exception {
    for (Product p : Product.values()) {
      Appraisal a =
          appraise(
              SimSnp.builder()
                  .product(p)
                  .version(p == Product.TURIN ? 5 : 3)
                  .defect(defect)
                  .build());
      assertThat(notPassed(a)).as(p + " " + defect + "\n" + describe(a)).containsExactly(check);
      assertThat(a.genuine()).isFalse();
      assertThat(StrictPolicy.evaluate(a, SimSnp.VERIFY_AT).allowed()).isFalse();
    }
  }

  @Test
  void theCrlCheckRunsOnlyWhenACrlIsThereAndPassesWhenNothingIsRevoked() throws Exception {
    SimSnp.Output out = SimSnp.builder().build();
    assertThat(appraise(out).check(SnpChecks.CRL)).isEmpty();
    SimSnp.Output withCrl =
        new SimSnp.Output(
            out.report(),
            out.leaf(),
            out.caChain(),
            AmdTestPki.get().crl(Product.MILAN, java.util.List.of(), false));
    Appraisal a = appraise(withCrl);
    assertThat(a.check(SnpChecks.CRL).orElseThrow().passed()).as(describe(a)).isTrue();
  }

  @Test
  void aChainOfAnotherProductFailsEvenWhenTheReportSaysNothingOfItsProduct() throws Exception {
    // v2: no CPUID. The product comes from the supplied VCEK (Milan); a Genoa ASK cannot chain it.
    Appraisal a =
        appraise(SimSnp.builder().version(2).defect(Defect.ASK_OF_ANOTHER_PRODUCT).build());
    assertThat(notPassed(a)).containsExactly(SnpChecks.CHAIN);
    assertThat(a.check(SnpChecks.CHAIN).orElseThrow().explanation())
        .contains("the supplied ASK is for Genoa, the report is Milan");
  }

  @Test
  void aVersion2ReportWithoutCertificatesIsNeverAssumedToBeMilan() throws Exception {
    SimSnp.Output out = SimSnp.builder().version(2).build();
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC),
            AmdTestPki.get().anchors(),
            CollateralSource.none(),
            Optional.empty(),
            Limits.DEFAULT);
    VerifiedSnpReport v = provider.verify("sim", out.report(), ctx);
    assertThat(v.product()).isEmpty();
    assertThat(v.signed()).isFalse();
    assertThat(v.chained()).isFalse();
    assertThat(v.appraisal().check(SnpChecks.CHAIN).orElseThrow().outcome().label())
        .isEqualTo("UNEVALUABLE");
    // The caller may state the product; the supplied VCEK still decides the chain.
    byte[] leaf = out.leaf().getEncoded();
    VerifiedSnpReport stated =
        provider.verify(
            "sim",
            out.report(),
            SnpInputs.certificates(java.util.List.of(leaf), "test", Limits.DEFAULT)
                .withProduct(Product.GENOA),
            ctx);
    assertThat(stated.appraisal().check(SnpChecks.CHAIN).orElseThrow().explanation())
        .contains("the VCEK is issued by SEV-Milan but the report is Genoa");
  }

  @Test
  void aDebugGuestVerifiesButStrictDeniesIt() throws Exception {
    Appraisal a = appraise(SimSnp.builder().policy(0x30000L | (1L << 19)).build());
    assertThat(notPassed(a)).isEmpty();
    assertThat(a.evidence().platform().debug()).isTrue();
    assertThat(a.evidence().platform().snp().policy().get("debug")).isTrue();
    Verdict v = StrictPolicy.evaluate(a, SimSnp.VERIFY_AT);
    assertThat(v.checks().stream().filter(c -> !c.passed()).map(CheckResult::id))
        .containsExactly(StrictPolicy.NOT_DEBUG);
  }

  @Test
  void aHeldBackTcbIsOutOfDateAndStrictDeniesIt() throws Exception {
    Appraisal a =
        appraise(
            SimSnp.builder()
                .reportedTcb(new TcbParts(-1, 4, 0, 23, 213))
                .currentTcb(new TcbParts(-1, 4, 0, 24, 213))
                .build());
    assertThat(notPassed(a)).isEmpty();
    assertThat(a.evidence().platform().tcb().status()).isEqualTo("OutOfDate");
    assertThat(a.evidence().platform().tcb().components())
        .containsEntry("reported.snp", "23")
        .containsEntry("current.snp", "24");
    Verdict v = StrictPolicy.evaluate(a, SimSnp.VERIFY_AT);
    assertThat(v.checks().stream().filter(c -> !c.passed()).map(CheckResult::id))
        .containsExactly(StrictPolicy.TCB_STATUS);
  }

  @Test
  void aMaskedChipIdPassesTheChipBindingWithTheReasonSaid() throws Exception {
    Appraisal a = appraise(SimSnp.builder().maskChipId().build());
    assertThat(notPassed(a)).isEmpty();
    assertThat(a.check(SnpChecks.VCEK_CHIP_ID).orElseThrow().explanation()).contains("masked");
  }

  @Test
  void turinBindsOnlyTheEightBytePrefixOfChipId() throws Exception {
    Appraisal a = appraise(SimSnp.builder().product(Product.TURIN).version(5).build());
    assertThat(notPassed(a)).as(describe(a)).isEmpty();
    assertThat(a.check(SnpChecks.VCEK_CHIP_ID).orElseThrow().explanation())
        .contains("CHIP_ID[0:8]");
    assertThat(a.evidence().platform().tcb().components()).containsEntry("reported.fmc", "0");
  }

  @Test
  void aSuppliedNonceMustBeTheReportDataZeroPadded() throws Exception {
    byte[] nonce = {1, 2, 3, 4};
    SimSnp.Output out = SimSnp.builder().reportData(Arrays.copyOf(nonce, 64)).build();
    Appraisal ok = appraise(out, SimSnp.VERIFY_AT, Optional.of(nonce));
    assertThat(ok.check(SnpChecks.NONCE).orElseThrow().passed()).isTrue();
    assertThat(ok.evidence().nonce().state()).isEqualTo(NonceState.MATCHES);
    Appraisal other = appraise(out, SimSnp.VERIFY_AT, Optional.of(new byte[] {9}));
    assertThat(notPassed(other)).containsExactly(SnpChecks.NONCE);
    Appraisal none = appraise(out);
    assertThat(none.check(SnpChecks.NONCE)).isEmpty();
    assertThat(none.evidence().nonce().state()).isEqualTo(NonceState.NOT_SUPPLIED);
  }

  @Test
  void theVerifiedRecordIsTheNormalizedEvidenceFieldForField() throws Exception {
    byte[] m = new byte[48];
    Arrays.fill(m, (byte) 0x5c);
    byte[] host = new byte[32];
    Arrays.fill(host, (byte) 0x11);
    SimSnp.Output out =
        SimSnp.builder().product(Product.GENOA).measurement(m).hostData(host).vmpl(2).build();
    Path dir = Files.createTempDirectory(tmp, "rec");
    out.writeTo(dir);
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC),
            AmdTestPki.get().anchors(),
            new AmdCertificateDirectory(dir, Limits.DEFAULT),
            Optional.empty(),
            Limits.DEFAULT);
    VerifiedSnpReport v = provider.verify("sim", out.report(), ctx);
    assertThat(v.authentic()).isTrue();
    assertThat(v.product()).contains(Product.GENOA);
    assertThat(v.measurement().orElseThrow()).isEqualTo(m);
    assertThat(v.hostData().orElseThrow()).isEqualTo(host);
    assertThat(v.vmpl()).contains(2);
    assertThat(v.reportedTcb().orElseThrow()).isEqualTo(new TcbParts(-1, 4, 0, 24, 213));
    var e = v.appraisal().evidence();
    assertThat(e.measurements().get("measurement")).isEqualTo(dev.teepol.core.bytes.Hex.of(m));
    assertThat(e.measurements().get("host_data")).isEqualTo(dev.teepol.core.bytes.Hex.of(host));
    assertThat(e.measurements().get("vmpl")).isEqualTo("2");
    assertThat(e.bound().get("measurements.measurement").label()).isEqualTo("hardware");
    // Tampering breaks "signed" and nothing else.
    VerifiedSnpReport t =
        provider.verify(
            "sim",
            SimSnp.builder()
                .product(Product.GENOA)
                .defect(Defect.TAMPERED_AFTER_SIGNING)
                .build()
                .report(),
            ctx);
    assertThat(t.signed()).isFalse();
    assertThat(t.chained()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = Product.class)
  void theVcekAloneIsAChainCheckAndNeverGenuine(Product p) throws Exception {
    SimSnp.Output out = SimSnp.builder().product(p).version(p == Product.TURIN ? 5 : 3).build();
    Path dir = Files.createTempDirectory(tmp, "cert");
    out.writeTo(dir);
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC),
            AmdTestPki.get().anchors(),
            new AmdCertificateDirectory(dir, Limits.DEFAULT),
            Optional.empty(),
            Limits.DEFAULT);
    EvidenceSource src = new EvidenceSource("vcek.der", out.leaf().getEncoded());
    assertThat(provider.recognizes(src, Limits.DEFAULT)).isTrue();
    Appraisal a = provider.appraise(src, ctx);
    assertThat(a.check(SnpChecks.CHAIN).orElseThrow().passed()).as(describe(a)).isTrue();
    assertThat(notPassed(a)).containsExactly(SnpChecks.SIGNATURE);
    assertThat(a.genuine()).isFalse();
  }
}
