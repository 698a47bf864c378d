package dev.teepol.providers.tdx.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transport behaviour against a loopback PCS stand-in; bodies are placeholders, not Intel data. */
class PcsHttpCollateralSourceTest {
  private static final int LIMIT = 4096;
  private static final Limits SMALL = new Limits(1 << 20, 64 << 10, 8, LIMIT, 64, 4096);
  private static final String FMSPC = "b0c06f000000";
  // Contains '+' and '/' on purpose: form decoding would turn the '+' into a space.
  private static final String CHAIN =
      "-----BEGIN CERTIFICATE-----\nMIIB+/x=\n-----END CERTIFICATE-----\n";

  private HttpServer server;
  private URI base;

  /** Every request the server saw, as "path?query". */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /** Routes by "path?query" (query may be absent). */
  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  private final MutableClock clock = new MutableClock(Instant.parse("2025-07-19T10:00:00Z"));

  private record Route(int status, byte[] body, Map<String, String> headers, boolean chunked) {}

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
    Route r = routes.getOrDefault(key, new Route(404, new byte[0], Map.of(), false));
    r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    try (ex;
        OutputStream out = ex.getResponseBody()) {
      if (r.body().length == 0) {
        ex.sendResponseHeaders(r.status(), -1);
        return;
      }
      ex.sendResponseHeaders(r.status(), r.chunked() ? 0 : r.body().length);
      // The client may hang up on purpose (oversized body); that is the behaviour under test.
      out.write(r.body());
    } catch (IOException clientWentAway) {
      // expected for refused bodies
    }
  }

  private void route(String pathAndQuery, byte[] body, Map<String, String> headers) {
    routes.put(pathAndQuery, new Route(200, body, headers, false));
  }

  private PcsHttpCollateralSource source(Duration ttl) {
    return PcsHttpCollateralSource.builder(base, clock)
        .rootCaCrlUrl(base.resolve("/IntelSGXRootCA.der"))
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .cacheTtl(ttl)
        .limits(SMALL)
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String encoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void requestsUseThePcsV4PathsAndQueries() throws Exception {
    route("/tdx/certification/v4/tcb?fmspc=" + FMSPC, bytes("{\"tdx-tcb\":1}"), Map.of());
    route("/sgx/certification/v4/tcb?fmspc=" + FMSPC, bytes("{\"sgx-tcb\":1}"), Map.of());
    route("/tdx/certification/v4/qe/identity", bytes("{\"tdx-qe\":1}"), Map.of());
    route("/sgx/certification/v4/qe/identity", bytes("{\"sgx-qe\":1}"), Map.of());
    route("/sgx/certification/v4/pckcrl?ca=platform&encoding=der", bytes("crl-platform"), Map.of());
    route(
        "/sgx/certification/v4/pckcrl?ca=processor&encoding=der", bytes("crl-processor"), Map.of());
    route("/IntelSGXRootCA.der", bytes("root-crl"), Map.of());
    PcsHttpCollateralSource src = source(Duration.ofMinutes(10));

    assertThat(body(src.fetch(DcapRequests.tcbInfo("tdx", "B0C06F000000"))))
        .isEqualTo("{\"tdx-tcb\":1}");
    assertThat(body(src.fetch(DcapRequests.tcbInfo("sgx", FMSPC)))).isEqualTo("{\"sgx-tcb\":1}");
    assertThat(body(src.fetch(DcapRequests.qeIdentity("tdx")))).isEqualTo("{\"tdx-qe\":1}");
    assertThat(body(src.fetch(DcapRequests.qeIdentity("sgx")))).isEqualTo("{\"sgx-qe\":1}");
    assertThat(body(src.fetch(DcapRequests.pckCrl("platform")))).isEqualTo("crl-platform");
    assertThat(body(src.fetch(DcapRequests.pckCrl("processor")))).isEqualTo("crl-processor");
    Optional<CollateralDocument> root = src.fetch(DcapRequests.rootCaCrl());
    assertThat(body(root)).isEqualTo("root-crl");
    assertThat(root.get().issuerChainPem()).isEmpty();
    assertThat(root.get().origin()).isEqualTo(base + "/IntelSGXRootCA.der");

    assertThat(seen)
        .containsExactly(
            "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
            "/sgx/certification/v4/tcb?fmspc=" + FMSPC,
            "/tdx/certification/v4/qe/identity",
            "/sgx/certification/v4/qe/identity",
            "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
            "/sgx/certification/v4/pckcrl?ca=processor&encoding=der",
            "/IntelSGXRootCA.der");
  }

  @Test
  void issuerChainsArePercentDecodedFromEachHeaderName() throws Exception {
    route(
        "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
        bytes("{}"),
        Map.of("TCB-Info-Issuer-Chain", encoded(CHAIN)));
    route(
        "/sgx/certification/v4/tcb?fmspc=" + FMSPC,
        bytes("{}"),
        Map.of("SGX-TCB-Info-Issuer-Chain", encoded(CHAIN)));
    route(
        "/tdx/certification/v4/qe/identity",
        bytes("{}"),
        Map.of("SGX-Enclave-Identity-Issuer-Chain", encoded(CHAIN)));
    route(
        "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
        bytes("crl"),
        Map.of("SGX-PCK-CRL-Issuer-Chain", encoded(CHAIN)));
    PcsHttpCollateralSource src = source(Duration.ofMinutes(10));

    assertThat(src.fetch(DcapRequests.tcbInfo("tdx", FMSPC)).get().issuerChainPem())
        .isEqualTo(CHAIN);
    assertThat(src.fetch(DcapRequests.tcbInfo("sgx", FMSPC)).get().issuerChainPem())
        .isEqualTo(CHAIN);
    assertThat(src.fetch(DcapRequests.qeIdentity("tdx")).get().issuerChainPem()).isEqualTo(CHAIN);
    assertThat(src.fetch(DcapRequests.pckCrl("platform")).get().issuerChainPem()).isEqualTo(CHAIN);
  }

  @Test
  void literalPlusInAChainHeaderIsKeptNotTurnedIntoASpace() throws Exception {
    route(
        "/tdx/certification/v4/qe/identity",
        bytes("{}"),
        Map.of("SGX-Enclave-Identity-Issuer-Chain", "MIIB+/x%3D%0A"));
    assertThat(source(Duration.ZERO).fetch(DcapRequests.qeIdentity("tdx")).get().issuerChainPem())
        .isEqualTo("MIIB+/x=\n");
  }

  @Test
  void malformedPercentEncodingIsAnError() {
    route(
        "/tdx/certification/v4/qe/identity",
        bytes("{}"),
        Map.of("SGX-Enclave-Identity-Issuer-Chain", "abc%4"));
    assertThatThrownBy(() -> source(Duration.ZERO).fetch(DcapRequests.qeIdentity("tdx")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("malformed percent-encoding");
  }

  @Test
  void notFoundIsEmptyAndNotCached() throws Exception {
    PcsHttpCollateralSource src = source(Duration.ofMinutes(10));
    assertThat(src.fetch(DcapRequests.tcbInfo("tdx", FMSPC))).isEmpty();
    assertThat(src.fetch(DcapRequests.tcbInfo("tdx", FMSPC))).isEmpty();
    assertThat(seen).hasSize(2);
  }

  @Test
  void serverErrorIsAnExceptionNamingTheStatus() {
    routes.put("/tdx/certification/v4/qe/identity", new Route(500, bytes("boom"), Map.of(), false));
    assertThatThrownBy(() -> source(Duration.ofMinutes(10)).fetch(DcapRequests.qeIdentity("tdx")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void redirectsAreNotFollowed() {
    routes.put(
        "/tdx/certification/v4/qe/identity",
        new Route(302, new byte[0], Map.of("Location", base + "/elsewhere"), false));
    route("/elsewhere", bytes("{}"), Map.of());
    assertThatThrownBy(() -> source(Duration.ZERO).fetch(DcapRequests.qeIdentity("tdx")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("HTTP 302");
    assertThat(seen).containsExactly("/tdx/certification/v4/qe/identity");
  }

  @Test
  void bodyOverTheLimitWithContentLengthIsRefused() {
    route("/sgx/certification/v4/pckcrl?ca=platform&encoding=der", new byte[LIMIT + 1], Map.of());
    assertThatThrownBy(() -> source(Duration.ZERO).fetch(DcapRequests.pckCrl("platform")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("over the collateral limit of " + LIMIT);
  }

  @Test
  void chunkedBodyOverTheLimitIsRefused() {
    routes.put(
        "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
        new Route(200, new byte[LIMIT * 16], Map.of(), true));
    assertThatThrownBy(() -> source(Duration.ZERO).fetch(DcapRequests.pckCrl("platform")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("exceeds the collateral limit of " + LIMIT);
  }

  @Test
  void bodyExactlyAtTheLimitIsAccepted() throws Exception {
    routes.put(
        "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
        new Route(200, new byte[LIMIT], Map.of(), true));
    assertThat(source(Duration.ZERO).fetch(DcapRequests.pckCrl("platform")).get().body())
        .hasSize(LIMIT);
  }

  @Test
  void cacheHitAvoidsASecondRequestAndHandsOutIndependentCopies() throws Exception {
    route(
        "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
        bytes("{\"v\":1}"),
        Map.of("TCB-Info-Issuer-Chain", encoded(CHAIN)));
    PcsHttpCollateralSource src = source(Duration.ofMinutes(10));

    CollateralDocument first = src.fetch(DcapRequests.tcbInfo("tdx", FMSPC)).get();
    first.body()[0] = 'X';
    clock.advance(Duration.ofMinutes(9));
    CollateralDocument second = src.fetch(DcapRequests.tcbInfo("tdx", FMSPC)).get();

    assertThat(seen).hasSize(1);
    assertThat(new String(second.body(), StandardCharsets.US_ASCII)).isEqualTo("{\"v\":1}");
    assertThat(second.issuerChainPem()).isEqualTo(CHAIN);
  }

  @Test
  void cacheEntryExpiresByTheInjectedClock() throws Exception {
    route("/tdx/certification/v4/qe/identity", bytes("{\"v\":1}"), Map.of());
    PcsHttpCollateralSource src = source(Duration.ofMinutes(10));

    src.fetch(DcapRequests.qeIdentity("tdx"));
    clock.advance(Duration.ofMinutes(10));
    route("/tdx/certification/v4/qe/identity", bytes("{\"v\":2}"), Map.of());
    assertThat(body(src.fetch(DcapRequests.qeIdentity("tdx")))).isEqualTo("{\"v\":2}");
    assertThat(seen).hasSize(2);
  }

  @Test
  void clockGoingBackwardsExpiresTheEntry() throws Exception {
    route("/tdx/certification/v4/qe/identity", bytes("{}"), Map.of());
    PcsHttpCollateralSource src = source(Duration.ofMinutes(10));
    src.fetch(DcapRequests.qeIdentity("tdx"));
    clock.advance(Duration.ofSeconds(-1));
    src.fetch(DcapRequests.qeIdentity("tdx"));
    assertThat(seen).hasSize(2);
  }

  @Test
  void parametersOutsideTheVocabularyAreRefusedWithoutARequest() {
    PcsHttpCollateralSource src = source(Duration.ZERO);
    assertThatThrownBy(() -> src.fetch(DcapRequests.tcbInfo("tdx", "b0c06f&x=1")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("fmspc");
    assertThatThrownBy(() -> src.fetch(DcapRequests.qeIdentity("sev")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("tee");
    assertThatThrownBy(() -> src.fetch(DcapRequests.pckCrl("../admin")))
        .isInstanceOf(CollateralException.class)
        .hasMessageContaining("ca");
    assertThat(seen).isEmpty();
  }

  @Test
  void unknownDocumentTypeIsNotAvailable() throws Exception {
    assertThat(source(Duration.ZERO).fetch(new CollateralRequest("vcek", Map.of()))).isEmpty();
    assertThat(seen).isEmpty();
  }

  @Test
  void unreachableServerIsAnError() {
    server.stop(0);
    assertThatThrownBy(() -> source(Duration.ZERO).fetch(DcapRequests.qeIdentity("tdx")))
        .isInstanceOf(CollateralException.class);
  }

  @Test
  void configurationOutsideHttpOrWithAQueryIsRefused() {
    assertThatThrownBy(() -> PcsHttpCollateralSource.builder(URI.create("file:///etc"), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> PcsHttpCollateralSource.builder(URI.create("https://pccs.example/?x=1"), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> PcsHttpCollateralSource.builder(base, clock).requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String body(Optional<CollateralDocument> doc) {
    return new String(doc.orElseThrow().body(), StandardCharsets.US_ASCII);
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

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
  }
}
