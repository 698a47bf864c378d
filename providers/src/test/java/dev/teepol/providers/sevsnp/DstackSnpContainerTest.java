package dev.teepol.providers.sevsnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * dstack's SEV-SNP container around simulated reports: identity only through HOST_DATA's commitment
 * to mr_config, the container's report_data bound to the report's, certificates carried as [ASK,
 * VCEK] or as a certificate table, and each broken binding failing exactly its check.
 */
class DstackSnpContainerTest {
  static final String MR_CONFIG =
      "{\"app_id\":\"86e59625be93207bc2351c4d1bba20037cec8e16\",\"compose_hash\":\""
          + "ab".repeat(32)
          + "\",\"instance_id\":\"d378c00e65112c4235bfeb46c6a0f98fd02145a3\",\"key_provider\":\"kms\",\"key_provider_id\":\"3059\",\"version\":3}";

  static byte[] hostData(String mrConfig) {
    return Digests.sha256(
        "dstack-mr-config-v3:".getBytes(StandardCharsets.US_ASCII),
        new byte[] {0},
        mrConfig.getBytes(StandardCharsets.UTF_8));
  }

  /** A V0 container; {@code certs} are the cert_chain blobs. */
  static byte[] container(byte[] report, List<byte[]> certs, String mrConfig, byte[] reportData) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(3);
    SnpRobustnessTest.vec(out, report);
    out.write(certs.size() << 2);
    certs.forEach(c -> SnpRobustnessTest.vec(out, c));
    SnpRobustnessTest.vec(out, mrConfig.getBytes(StandardCharsets.UTF_8));
    out.write(1 << 2);
    SnpRobustnessTest.vec(out, "os-image-hash".getBytes(StandardCharsets.US_ASCII));
    SnpRobustnessTest.vec(out, new byte[32]);
    out.write(reportData, 0, 64);
    SnpRobustnessTest.vec(out, "{}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static Appraisal appraise(byte[] c, Optional<byte[]> nonce) {
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC),
            AmdTestPki.get().anchors(),
            CollateralSource.none(),
            nonce,
            Limits.DEFAULT);
    SnpProvider p = new SnpProvider();
    EvidenceSource src = new EvidenceSource("dstack", c);
    assertThat(p.recognizes(src, Limits.DEFAULT)).isTrue();
    return p.appraise(src, ctx);
  }

  static Set<String> notPassed(Appraisal a) {
    return a.checks().stream()
        .filter(x -> !x.passed())
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  private static byte[] reportData() {
    byte[] rd = new byte[64];
    System.arraycopy("attest".getBytes(StandardCharsets.US_ASCII), 0, rd, 0, 6);
    return rd;
  }

  private static SimSnp.Output sim(String mrConfig) {
    return SimSnp.builder().hostData(hostData(mrConfig)).reportData(reportData()).build();
  }

  private static List<byte[]> askVcek(SimSnp.Output o) throws Exception {
    return List.of(o.caChain().get(0).getEncoded(), o.leaf().getEncoded());
  }

  @Test
  void theIdentityComesFromMrConfigBoundByHostData() throws Exception {
    SimSnp.Output o = sim(MR_CONFIG);
    Appraisal a =
        appraise(container(o.report(), askVcek(o), MR_CONFIG, reportData()), Optional.empty());
    assertThat(notPassed(a)).as(a.checks().toString()).isEmpty();
    var e = a.evidence();
    assertThat(e.workload().appId()).isEqualTo("86e59625be93207bc2351c4d1bba20037cec8e16");
    assertThat(e.bound().get("workload.compose_hash").label()).isEqualTo("mr_config");
    assertThat(e.kms().rootKey()).isEqualTo("3059");
    assertThat(e.bound().get("workload.os_image_hash").label()).isEqualTo("self_reported");
  }

  @Test
  void anotherMrConfigThanHostDataCommitsToFailsOnlyTheMrConfigBindingAndFillsNoIdentity()
      throws Exception {
    SimSnp.Output o = sim(MR_CONFIG);
    String other = MR_CONFIG.replace("86e59625", "00000000");
    Appraisal a =
        appraise(container(o.report(), askVcek(o), other, reportData()), Optional.empty());
    assertThat(notPassed(a)).containsExactly(SnpChecks.DSTACK_MR_CONFIG);
    assertThat(a.evidence().workload().appId()).isEmpty();
    // The exact bytes are hashed, not a re-serialization: one trailing space is another document.
    Appraisal space =
        appraise(
            container(o.report(), askVcek(o), MR_CONFIG + " ", reportData()), Optional.empty());
    assertThat(notPassed(space)).containsExactly(SnpChecks.DSTACK_MR_CONFIG);
  }

  @Test
  void aContainerReportDataThatIsNotTheReportsFailsOnlyThatBinding() throws Exception {
    SimSnp.Output o = sim(MR_CONFIG);
    byte[] other = reportData();
    other[0] ^= 1;
    Appraisal a = appraise(container(o.report(), askVcek(o), MR_CONFIG, other), Optional.empty());
    assertThat(notPassed(a)).containsExactly(SnpChecks.DSTACK_REPORT_DATA);
  }

  @Test
  void aCertificateTableCarriesTheChainToo() throws Exception {
    SimSnp.Output o = sim(MR_CONFIG);
    byte[] ask = o.caChain().get(0).getEncoded();
    byte[] vcek = o.leaf().getEncoded();
    int header = 3 * 24;
    ByteBuffer t =
        ByteBuffer.allocate(header + ask.length + vcek.length).order(ByteOrder.LITTLE_ENDIAN);
    t.position(16).putInt(header).putInt(ask.length);
    t.position(24 + 16).putInt(header + ask.length).putInt(vcek.length);
    t.position(header);
    t.put(ask).put(vcek);
    byte[] table = t.array();
    table[0] = 1; // a GUID byte; the certificates say what they are
    table[24] = 2;
    Appraisal a =
        appraise(container(o.report(), List.of(table), MR_CONFIG, reportData()), Optional.empty());
    assertThat(notPassed(a)).as(a.checks().toString()).isEmpty();
    byte[] bad = Arrays.copyOf(table, table.length);
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 1 << 30);
    Appraisal b =
        appraise(container(o.report(), List.of(bad), MR_CONFIG, reportData()), Optional.empty());
    assertThat(notPassed(b)).containsExactly(SnpChecks.DSTACK_PARSE);
  }

  @Test
  void aSuppliedNonceIsCarriedRawOrAsAppData() throws Exception {
    byte[] nonce = "attest".getBytes(StandardCharsets.US_ASCII);
    SimSnp.Output o = sim(MR_CONFIG);
    byte[] c = container(o.report(), askVcek(o), MR_CONFIG, reportData());
    assertThat(appraise(c, Optional.of(nonce)).check(SnpChecks.DSTACK_NONCE).orElseThrow().passed())
        .isTrue();
    Appraisal other = appraise(c, Optional.of(new byte[] {7}));
    assertThat(notPassed(other)).containsExactly(SnpChecks.DSTACK_NONCE);
    assertThat(other.check(SnpChecks.NONCE)).isEmpty();
  }

  @Test
  void aContainerWithoutCertificatesAndNoSourceCannotBeJudged() throws Exception {
    SimSnp.Output o = sim(MR_CONFIG);
    Appraisal a =
        appraise(container(o.report(), List.of(), MR_CONFIG, reportData()), Optional.empty());
    assertThat(a.check(SnpChecks.SIGNATURE).orElseThrow().outcome().label())
        .isEqualTo("UNEVALUABLE");
    assertThat(a.genuine()).isFalse();
  }
}
