package dev.teepol.providers.sevsnp.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.SnpChecks;
import dev.teepol.providers.sevsnp.SnpProvider;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AMD KDS over HTTP against a loopback stand-in serving the simulator's test PKI: the KDS paths,
 * the cache on the injected clock, and that nothing is asked when there is nothing to ask.
 */
class KdsHttpCollateralSourceTest {
  private HttpServer server;
  private URI base;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> routes = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private Instant now = SimSnp.VERIFY_AT;

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    String key =
        ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + ex.getRequestURI().getRawQuery());
    seen.add(key);
    byte[] body = routes.get(key);
    try (ex;
        OutputStream out = ex.getResponseBody()) {
      if (status != 200) {
        ex.sendResponseHeaders(status, -1);
      } else if (body == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.sendResponseHeaders(200, body.length);
        out.write(body);
      }
    }
  }

  private SimSnp.Output serveKds(Product p, SimSnp sim) throws Exception {
    SimSnp.Output o = sim.build();
    byte[] chip = Arrays.copyOfRange(o.report(), 0x1A0, 0x1A0 + (p == Product.TURIN ? 8 : 64));
    String spls =
        p == Product.TURIN
            ? "fmcSPL=0&blSPL=1&teeSPL=0&snpSPL=2&ucodeSPL=71"
            : "blSPL=4&teeSPL=0&snpSPL=24&ucodeSPL=213";
    routes.put("/vcek/v1/" + p.kdsName() + "/" + Hex.of(chip) + "?" + spls, o.leaf().getEncoded());
    StringBuilder pem = new StringBuilder();
    for (var c : o.caChain()) {
      pem.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder().encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    routes.put(
        "/vcek/v1/" + p.kdsName() + "/cert_chain",
        pem.toString().getBytes(StandardCharsets.US_ASCII));
    routes.put(
        "/vcek/v1/" + p.kdsName() + "/crl", AmdTestPki.get().crl(p, List.of(), false).getEncoded());
    return o;
  }

  private Appraisal appraise(byte[] report, KdsHttpCollateralSource kds) {
    AppraisalContext ctx =
        new AppraisalContext(
            clock, AmdTestPki.get().anchors(), kds, Optional.empty(), Limits.DEFAULT);
    return new SnpProvider().appraise(new EvidenceSource("sim", report), ctx);
  }

  @Test
  void aReportVerifiesWithTheVcekChainAndCrlFromKdsAndTheCacheServesTheNextOne() throws Exception {
    for (Product p : Product.values()) {
      seen.clear();
      SimSnp.Output o =
          serveKds(p, SimSnp.builder().product(p).version(p == Product.TURIN ? 5 : 3));
      KdsHttpCollateralSource kds = KdsHttpCollateralSource.builder(base, clock).build();
      Appraisal a = appraise(o.report(), kds);
      assertThat(a.checks()).as(a.checks().toString()).allMatch(CheckResult::passed);
      assertThat(a.check(SnpChecks.CRL)).isPresent();
      assertThat(seen).hasSize(3);
      assertThat(seen.get(0)).startsWith("/vcek/v1/" + p.kdsName() + "/");
      if (p == Product.TURIN) {
        // Turin: the 8-byte hwID and the FMC SPL.
        assertThat(seen.get(0)).matches("/vcek/v1/Turin/[0-9a-f]{16}\\?fmcSPL=0&.*");
      }
      appraise(o.report(), kds);
      assertThat(seen).as("cached").hasSize(3);
      now = now.plus(Duration.ofHours(2));
      appraise(o.report(), kds);
      assertThat(seen).as("refetched after the TTL").hasSize(6);
      now = SimSnp.VERIFY_AT;
    }
  }

  @Test
  void aVersion2ReportWithoutCertificatesAsksNothingItWouldHaveToGuessTheProductFor()
      throws Exception {
    SimSnp.Output o = serveKds(Product.MILAN, SimSnp.builder().version(2));
    Appraisal a = appraise(o.report(), KdsHttpCollateralSource.builder(base, clock).build());
    assertThat(seen).isEmpty();
    assertThat(a.check(SnpChecks.SIGNATURE).orElseThrow().outcome().label())
        .isEqualTo("UNEVALUABLE");
  }

  @Test
  void aMaskedChipIdNamesNoChipToAskFor() throws Exception {
    SimSnp.Output o = serveKds(Product.GENOA, SimSnp.builder().product(Product.GENOA).maskChipId());
    appraise(o.report(), KdsHttpCollateralSource.builder(base, clock).build());
    assertThat(seen).noneMatch(s -> s.matches("/vcek/v1/Genoa/[0-9a-f]+\\?.*"));
  }

  @Test
  void aServerErrorIsUnevaluableNamingTheUrlNeverAPass() throws Exception {
    SimSnp.Output o = serveKds(Product.MILAN, SimSnp.builder());
    status = 500;
    Appraisal a = appraise(o.report(), KdsHttpCollateralSource.builder(base, clock).build());
    CheckResult sig = a.check(SnpChecks.SIGNATURE).orElseThrow();
    assertThat(sig.outcome().label()).isEqualTo("UNEVALUABLE");
    assertThat(sig.explanation()).contains("HTTP 500").contains(base.toString());
  }
}
