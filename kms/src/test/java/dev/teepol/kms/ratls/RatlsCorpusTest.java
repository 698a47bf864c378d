package dev.teepol.kms.ratls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.tdx.TdxChecks;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real dstack RA-TLS chains: the {@code app_cert} of each NEAR node's {@code info.json} (read in
 * place). Each is app certificate → app CA → KMS CA, and the KMS CA's key is the key-provider id
 * the node's own event log names.
 */
class RatlsCorpusTest {
  private final RatlsProvider provider = new RatlsProvider(new DstackAppraiser(new TdxProvider()));

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "near-direct-qwen35-20260629, model",
    "near-cloud-qwen35-20260424-gateway-outofdate, model0",
    "near-cloud-qwen35-20260424-gateway-outofdate, gateway"
  })
  void realChainsProveTheKmsRootTheAppIdAndTheCertificateKey(String kase, String node)
      throws Exception {
    Path dir = Corpus.caseDir("near", kase);
    JsonObject info;
    try (JsonReader r =
        Json.createReader(Files.newBufferedReader(dir.resolve(node).resolve("info.json")))) {
      info = r.readObject();
    }
    byte[] pem = info.getString("app_cert").getBytes(StandardCharsets.US_ASCII);
    String keyProviderId;
    try (JsonReader r =
        Json.createReader(new java.io.StringReader(info.getString("key_provider_info")))) {
      keyProviderId = r.readObject().getString("id");
    }
    AppraisalContext ctx =
        Corpus.context(dir, Instant.parse(Corpus.expected(dir).getString("verify_at")));
    EvidenceSource src = new EvidenceSource(node + "/app_cert", pem);
    assertThat(provider.recognizes(src, Limits.DEFAULT)).isTrue();
    Appraisal a = provider.appraise(src, ctx);

    for (String id :
        new String[] {
          RatlsChecks.INPUT_PARSE, RatlsChecks.CHAIN, RatlsChecks.LEAF_USAGE,
          RatlsChecks.QUOTE_EXTENSION, RatlsChecks.REPORT_DATA_KEY, RatlsChecks.APP_ID,
          RatlsChecks.KMS_ROOT, TdxChecks.QUOTE_SIGNATURE
        }) {
      assertThat(a.check(id)).as(id).get().extracting(CheckResult::passed).isEqualTo(true);
    }
    assertThat(a.genuine())
        .as(a.checks().stream().filter(c -> !c.passed()).toList().toString())
        .isTrue();
    assertThat(a.evidence().kms().rootKey()).isEqualTo(keyProviderId);
    assertThat(a.evidence().bound().get("kms.root_key")).isEqualTo(Binding.REPLAY);
    assertThat(a.evidence().workload().appId()).isEqualTo(info.getString("app_id"));
    assertThat(a.evidence().signers())
        .singleElement()
        .satisfies(s -> assertThat(s.boundBy()).isEqualTo(Binding.REPORT_DATA));
    // The certificate key is the leaf's, and report_data is sha512("ratls-cert:" || it).
    assertThat(a.evidence().reportData())
        .isEqualTo(
            Hex.of(
                RatlsProvider.reportDataFor(
                    Hex.decode(a.evidence().signers().get(0).addressOrKey()))));
  }
}
