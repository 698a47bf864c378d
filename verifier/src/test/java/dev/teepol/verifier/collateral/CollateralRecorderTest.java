package dev.teepol.verifier.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.nras.NrasCollateral;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.tdx.collateral.DcapRequests;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the recorder saves is exactly what the directory sources read back. */
class CollateralRecorderTest {
  @TempDir Path tmp;

  /** Serves "<type> <params>" as the body of every request, with a chain for DCAP documents. */
  private static final CollateralSource ECHO =
      r ->
          Optional.of(
              new CollateralDocument(
                  (r.type() + " " + r.params().getOrDefault("fmspc", ""))
                      .getBytes(StandardCharsets.UTF_8),
                  r.type().startsWith("nras") || r.type().equals(DcapRequests.ROOT_CA_CRL)
                      ? ""
                      : "-----BEGIN CERTIFICATE-----\nchain of "
                          + r.type()
                          + "\n-----END CERTIFICATE-----\n",
                  "echo:" + r.type()));

  private static String body(Optional<CollateralDocument> d) {
    return new String(d.orElseThrow().body(), StandardCharsets.UTF_8);
  }

  @Test
  void everyDocumentIsSavedWhereTheDirectorySourcesReadItBack() throws Exception {
    CollateralRecorder rec = new CollateralRecorder(tmp);
    CollateralSource s = rec.wrap(ECHO);
    List<CollateralRequest> asked =
        List.of(
            DcapRequests.tcbInfo("tdx", "10A06F010000"),
            DcapRequests.qeIdentity("tdx"),
            DcapRequests.pckCrl("platform"),
            DcapRequests.rootCaCrl(),
            NrasCollateral.jwksRequest(),
            NrasCollateral.attestationRequest("{\"nonce\":\"ab\"}"));
    for (CollateralRequest r : asked) {
      assertThat(s.fetch(r)).isPresent();
    }
    assertThat(rec.missing()).isEmpty();
    assertThat(rec.savedDcap()).isTrue();
    assertThat(rec.savedNras()).isTrue();
    try (var files = Files.list(tmp)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "tcb_info_10a06f010000.json",
              "tcb_info_10a06f010000_issuer_chain.pem",
              "qe_identity_tdx.json",
              "qe_identity_tdx_issuer_chain.pem",
              "pck_crl_platform.der",
              "pck_crl_platform_issuer_chain.pem",
              "root_ca_crl.der",
              "nras_jwks.json",
              "nras_attest_gpu_response.json");
    }
    DirectoryCollateralSource dcap = new DirectoryCollateralSource(tmp, Limits.DEFAULT);
    NrasDirectoryCollateralSource nras = new NrasDirectoryCollateralSource(tmp, Limits.DEFAULT);
    for (CollateralRequest r : asked) {
      CollateralSource back = r.type().startsWith("nras") ? nras : dcap;
      Optional<CollateralDocument> read = back.fetch(r);
      assertThat(body(read)).as(r.type()).isEqualTo(body(ECHO.fetch(r)));
      assertThat(read.get().issuerChainPem()).isEqualTo(ECHO.fetch(r).get().issuerChainPem());
    }
  }

  @Test
  void unavailableFailedAndUnrecordableDocumentsAreMissingWithTheirReasons() throws Exception {
    CollateralRecorder rec = new CollateralRecorder(tmp);
    CollateralSource s =
        rec.wrap(
            r -> {
              if (r.type().equals(DcapRequests.QE_IDENTITY)) {
                throw new CollateralException("pcs.example unreachable: ConnectException");
              }
              return r.type().equals(DcapRequests.PCK_CRL) ? Optional.empty() : ECHO.fetch(r);
            });
    assertThatThrownBy(() -> s.fetch(DcapRequests.qeIdentity("tdx")))
        .isInstanceOf(CollateralException.class);
    assertThat(s.fetch(DcapRequests.pckCrl("processor"))).isEmpty();
    assertThat(s.fetch(new CollateralRequest("amd_vcek", Map.of()))).isPresent();
    List<String> missing =
        rec.missing().stream()
            .map(m -> CollateralRecorder.describe(m.request()) + ": " + m.reason())
            .toList();
    assertThat(missing).hasSize(3);
    assertThat(missing.get(0))
        .isEqualTo(
            "amd_vcek: no directory layout reads a 'amd_vcek' document, so it cannot be saved");
    assertThat(missing.get(1)).startsWith("pck_crl {ca=processor}: not available from ");
    assertThat(missing.get(2))
        .isEqualTo("qe_identity {tee=tdx}: pcs.example unreachable: ConnectException");
    assertThat(rec.saved()).isEmpty();
  }

  @Test
  void parametersThatCouldLeaveTheDirectoryAreRefused() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    CollateralRecorder rec = new CollateralRecorder(out);
    CollateralSource s = rec.wrap(ECHO);
    s.fetch(new CollateralRequest(DcapRequests.TCB_INFO, Map.of("tee", "tdx", "fmspc", "../../x")));
    s.fetch(new CollateralRequest(DcapRequests.QE_IDENTITY, Map.of("tee", "../tdx")));
    s.fetch(new CollateralRequest(DcapRequests.PCK_CRL, Map.of("ca", "/etc/passwd")));
    assertThat(rec.saved()).isEmpty();
    assertThat(rec.missing())
        .extracting(CollateralRecorder.Missing::reason)
        .allMatch(m -> m.startsWith("refused: "));
    try (var files = Files.list(tmp)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("out");
    }
    try (var files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aChainLeftFromAnEarlierFetchIsRemovedWhenTheNewDocumentHasNone() throws Exception {
    Files.writeString(tmp.resolve("qe_identity_tdx_issuer_chain.pem"), "stale");
    CollateralRecorder rec = new CollateralRecorder(tmp);
    rec.wrap(r -> Optional.of(new CollateralDocument(new byte[] {'{', '}'}, "", "x")))
        .fetch(DcapRequests.qeIdentity("tdx"));
    assertThat(tmp.resolve("qe_identity_tdx.json")).hasContent("{}");
    assertThat(tmp.resolve("qe_identity_tdx_issuer_chain.pem")).doesNotExist();
  }

  @Test
  void aSymbolicLinkInTheWayIsReplacedNeverWrittenThrough() throws Exception {
    Path target = Files.writeString(tmp.resolve("elsewhere.txt"), "keep me");
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.createSymbolicLink(out.resolve("root_ca_crl.der"), target);
    new CollateralRecorder(out).wrap(ECHO).fetch(DcapRequests.rootCaCrl());
    assertThat(target).hasContent("keep me");
    assertThat(Files.isSymbolicLink(out.resolve("root_ca_crl.der"))).isFalse();
    assertThat(out.resolve("root_ca_crl.der")).hasContent("root_ca_crl ");
  }

  @Test
  void theNrasLayoutHoldsOneResponseSoASecondPayloadIsNotSaved() throws Exception {
    CollateralRecorder rec = new CollateralRecorder(tmp);
    CollateralSource s = rec.wrap(ECHO);
    s.fetch(NrasCollateral.attestationRequest("{\"nonce\":\"01\"}"));
    s.fetch(NrasCollateral.attestationRequest("{\"nonce\":\"01\"}"));
    s.fetch(NrasCollateral.attestationRequest("{\"nonce\":\"02\"}"));
    assertThat(rec.saved()).hasSize(1);
    assertThat(rec.missing())
        .singleElement()
        .extracting(CollateralRecorder.Missing::reason)
        .asString()
        .contains("holds one NRAS response");
  }
}
