package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teepol collateral fetch} against a real HTTP server on loopback that serves the
 * simulator's collateral (examples/tdx/collateral) at the Intel PCS v4 paths, with the issuer
 * chains in the response headers as PCS sends them; then the saved folder verifies offline.
 */
class CollateralFetchTest {
  static final Path TDX = ExamplesCliTest.TDX;
  static final Path COLLATERAL = TDX.resolve("collateral");
  static final String FMSPC = "10a06f010000";

  @TempDir Path tmp;
  private HttpServer server;
  private String base;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Set<String> gone = ConcurrentHashMap.newKeySet();

  /** path?query → body file, and its chain file and header name ("" when none). */
  private record Route(String body, String chain, String header) {}

  private static final Map<String, Route> ROUTES =
      Map.of(
          "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
          new Route("tcb_info.json", "tcb_info_issuer_chain.pem", "TCB-Info-Issuer-Chain"),
          "/tdx/certification/v4/qe/identity",
          new Route(
              "qe_identity.json",
              "qe_identity_issuer_chain.pem",
              "SGX-Enclave-Identity-Issuer-Chain"),
          "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
          new Route("pck_crl.der", "pck_crl_issuer_chain.pem", "SGX-PCK-CRL-Issuer-Chain"),
          "/IntelSGXRootCA.der",
          new Route("root_ca_crl.der", "", ""));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
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
    Route r = ROUTES.get(key);
    try (ex;
        OutputStream out = ex.getResponseBody()) {
      if (r == null || gone.contains(key)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (!r.chain().isEmpty()) {
        String pem = Files.readString(COLLATERAL.resolve(r.chain()));
        ex.getResponseHeaders()
            .add(r.header(), URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20"));
      }
      byte[] body = Files.readAllBytes(COLLATERAL.resolve(r.body()));
      ex.sendResponseHeaders(200, body.length);
      out.write(body);
    }
  }

  private CliRun fetch(Path out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "collateral",
                "fetch",
                TDX.resolve("quote.bin").toString(),
                "--pcs-url",
                base,
                "--root-ca-crl-url",
                base + "/IntelSGXRootCA.der",
                "--out",
                out.toString(),
                "--trust-anchor",
                TDX.resolve("root_ca.der").toString(),
                "--at",
                ExamplesCliTest.AT));
    args.addAll(List.of(more));
    return CliRun.real(args.toArray(String[]::new));
  }

  private static CliRun verifyOffline(Path dir) {
    return CliRun.real(
        "verify",
        TDX.resolve("quote.bin").toString(),
        "--collateral",
        dir.toString(),
        "--trust-anchor",
        TDX.resolve("root_ca.der").toString(),
        "--at",
        ExamplesCliTest.AT);
  }

  @Test
  void fetchedOnceTheFolderVerifiesOfflineLater() throws Exception {
    Path out = tmp.resolve("saved");
    CliRun r = fetch(out);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(seen)
        .containsExactlyInAnyOrder(
            "/IntelSGXRootCA.der",
            "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
            "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
            "/tdx/certification/v4/qe/identity");
    // Saved as served, in the layout --collateral reads.
    assertThat(out.resolve("tcb_info_" + FMSPC + ".json"))
        .hasSameBinaryContentAs(COLLATERAL.resolve("tcb_info.json"));
    assertThat(out.resolve("tcb_info_" + FMSPC + "_issuer_chain.pem"))
        .hasSameTextualContentAs(COLLATERAL.resolve("tcb_info_issuer_chain.pem"));
    assertThat(out.resolve("qe_identity_tdx.json"))
        .hasSameBinaryContentAs(COLLATERAL.resolve("qe_identity.json"));
    assertThat(out.resolve("pck_crl_platform.der"))
        .hasSameBinaryContentAs(COLLATERAL.resolve("pck_crl.der"));
    assertThat(out.resolve("root_ca_crl.der"))
        .hasSameBinaryContentAs(COLLATERAL.resolve("root_ca_crl.der"));
    assertThat(r.out())
        .contains("saved in " + out + ":")
        .contains(
            "✓ tcb_info_" + FMSPC + ".json, tcb_info_" + FMSPC + "_issuer_chain.pem  (" + base)
        .contains("verified with it: ALLOW (tdx, at 2025-01-01T00:00:00Z)")
        .doesNotContain("not saved");

    // Later, with the server gone: the folder alone reproduces the verification.
    server.stop(0);
    CliRun offline = verifyOffline(out);
    assertThat(offline.exitCode()).as(offline.out()).isEqualTo(ExitCodes.ALLOW);
    assertThat(offline.out()).contains("collateral:   directory " + out);
    // The command the fetch printed is that verification.
    String printed =
        r.out().lines().filter(l -> l.startsWith("offline: teepol ")).findFirst().orElseThrow();
    assertThat(printed)
        .isEqualTo(
            "offline: teepol verify "
                + TDX.resolve("quote.bin")
                + " --collateral "
                + out
                + " --trust-anchor "
                + TDX.resolve("root_ca.der")
                + " --at 2025-01-01T00:00:00Z");
    String[] args = printed.substring("offline: teepol ".length()).split(" ");
    assertThat(CliRun.real(args).exitCode()).isEqualTo(ExitCodes.ALLOW);
  }

  @Test
  void aDocumentThePcsDoesNotHaveIsReportedExitsOneAndTheFolderDeniesOffline() throws Exception {
    gone.add("/tdx/certification/v4/qe/identity");
    Path out = tmp.resolve("partial");
    CliRun r = fetch(out);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out())
        .contains(
            "not saved:", "✗ qe_identity {tee=tdx}: not available from Intel PCS v4 at " + base)
        .contains("verified with it: DENY");
    assertThat(out.resolve("qe_identity_tdx.json")).doesNotExist();
    assertThat(verifyOffline(out).exitCode()).isEqualTo(ExitCodes.DENY);
  }

  @Test
  void quietCountsWhatWasSavedAndListsOnlyWhatWasNot() {
    gone.add("/IntelSGXRootCA.der");
    CliRun r = fetch(tmp.resolve("q"), "-q");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out())
        .contains("saved in " + tmp.resolve("q") + ": 3 document(s)")
        .contains("✗ root_ca_crl: not available from")
        .doesNotContain("tcb_info_" + FMSPC + ".json");
  }

  @Test
  void withoutASourceOrWithAStrayCrlUrlItIsBadUsage() {
    CliRun none =
        CliRun.real(
            "collateral", "fetch", TDX.resolve("quote.bin").toString(), "--out", tmp.toString());
    assertThat(none.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(none.errLines())
        .containsExactly(
            "teepol: collateral fetch: nothing to fetch from: give --pcs, --pcs-url URL or --nras-live");
    CliRun stray =
        CliRun.real(
            "collateral",
            "fetch",
            TDX.resolve("quote.bin").toString(),
            "--nras-live",
            "--root-ca-crl-url",
            base,
            "--out",
            tmp.toString());
    assertThat(stray.errLines())
        .containsExactly("teepol: --root-ca-crl-url: only with --pcs or --pcs-url");
    CliRun noOut = CliRun.real("collateral", "fetch", TDX.resolve("quote.bin").toString(), "--pcs");
    assertThat(noOut.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(noOut.err()).contains("--out");
    assertThat(seen).isEmpty();
  }

  @Test
  void verifyTakesTheRootCaCrlUrlToo() {
    CliRun r =
        CliRun.real(
            "verify",
            TDX.resolve("quote.bin").toString(),
            "--pcs-url",
            base,
            "--root-ca-crl-url",
            base + "/IntelSGXRootCA.der",
            "--trust-anchor",
            TDX.resolve("root_ca.der").toString(),
            "--at",
            ExamplesCliTest.AT);
    assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCodes.ALLOW);
    assertThat(seen).contains("/IntelSGXRootCA.der");
    CliRun alone =
        CliRun.real("verify", TDX.resolve("quote.bin").toString(), "--root-ca-crl-url", base);
    assertThat(alone.errLines())
        .containsExactly("teepol: --root-ca-crl-url: only with --pcs or --pcs-url");
  }
}
