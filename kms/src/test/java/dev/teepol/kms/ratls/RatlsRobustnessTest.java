package dev.teepol.kms.ratls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.tdx.TdxProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Damaged RA-TLS chains: a byte of one certificate's DER changed, or the PEM cut short. Every
 * outcome is an appraisal with a failing check — never an exception or an all-PASS.
 */
class RatlsRobustnessTest {
  private static final RatlsProvider PROVIDER =
      new RatlsProvider(new DstackAppraiser(new TdxProvider()));
  private static final AppraisalContext CTX =
      AppraisalContext.offline(Clock.fixed(SimRatls.VERIFY_AT, ZoneOffset.UTC));
  private static final List<byte[]> DERS = ders();

  private static List<byte[]> ders() {
    try {
      List<X509Certificate> chain =
          Certificates.parsePemChain(
              new String(new SimRatls().pem(), StandardCharsets.US_ASCII), 8);
      return chain.stream()
          .map(
              c -> {
                try {
                  return c.getEncoded();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              })
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] pem(List<byte[]> ders) {
    StringBuilder b = new StringBuilder();
    for (byte[] d : ders) {
      b.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(d))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Provide
  Arbitrary<Tuple.Tuple3<Integer, Integer, Integer>> damage() {
    return Arbitraries.integers()
        .between(0, DERS.size() - 1)
        .flatMap(
            cert ->
                Arbitraries.integers()
                    .between(0, DERS.get(cert).length - 1)
                    .flatMap(
                        at ->
                            Arbitraries.integers()
                                .between(1, 255)
                                .map(x -> Tuple.of(cert, at, x))));
  }

  @Property(tries = 150)
  void aChangedByteInAnyCertificateFailsACheck(
      @ForAll("damage") Tuple.Tuple3<Integer, Integer, Integer> d) {
    List<byte[]> ders = new java.util.ArrayList<>(DERS.stream().map(byte[]::clone).toList());
    ders.get(d.get1())[d.get2()] ^= d.get3().byteValue();
    Appraisal a = PROVIDER.appraise(new EvidenceSource("damaged.pem", pem(ders)), CTX);
    assertThat(a.checks()).isNotEmpty();
    assertThat(a.checks()).anyMatch(c -> !c.passed());
  }

  @Property(tries = 100)
  void aTruncatedChainFailsACheck(@ForAll("cut") int cut) {
    byte[] pem = pem(DERS);
    byte[] cutPem = java.util.Arrays.copyOf(pem, Math.min(cut, pem.length - 1));
    EvidenceSource src = new EvidenceSource("cut.pem", cutPem);
    if (!PROVIDER.recognizes(src, Limits.DEFAULT)) {
      return;
    }
    Appraisal a = PROVIDER.appraise(src, CTX);
    assertThat(a.checks()).extracting(CheckResult::passed).contains(false);
  }

  @Provide
  Arbitrary<Integer> cut() {
    return Arbitraries.integers().between(0, pem(DERS).length);
  }
}
