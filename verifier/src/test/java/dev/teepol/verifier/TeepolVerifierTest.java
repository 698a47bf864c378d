package dev.teepol.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API on the bundled simulated TDX evidence (examples/tdx). */
class TeepolVerifierTest {
  static final Path TDX = Path.of("..", "examples", "tdx");
  static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);

  @TempDir Path tmp;

  static TeepolVerifier.Builder example() {
    return TeepolVerifier.builder()
        .collateralDirectory(TDX.resolve("collateral"))
        .trustAnchor(TDX.resolve("root_ca.der"))
        .clock(CLOCK);
  }

  static byte[] quote() throws Exception {
    return Files.readAllBytes(TDX.resolve("quote.bin"));
  }

  @Test
  void theDocumentedProgramAllowsTheBundledExample() throws Exception {
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policy("builtin:strict")
            .collateralDirectory(TDX.resolve("collateral"))
            .trustAnchor(TDX.resolve("root_ca.der"))
            .clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build()) {
      VerificationResult r = v.verify(quote());
      assertThat(r.decision()).as(failing(r)).isEqualTo(Decision.ALLOW);
      assertThat(r.provider()).isEqualTo("tdx");
      assertThat(r.genuine()).isTrue();
      assertThat(r.checks())
          .extracting(CheckResult::id)
          .contains("tdx.quote.signature", "policy.tcb.status");
      assertThat(r.checks()).allMatch(CheckResult::passed);
      assertThat(r.evidence().measurements()).containsKey("mrtd");
      assertThat(r.verifiedAt()).isEqualTo(AT);
      assertThat(r.inputProblem()).isEmpty();
      JsonObject json = Json.createReader(new StringReader(r.toJson())).readObject();
      assertThat(json.getString("schema")).isEqualTo("teepol.dev/verdict/v2");
      assertThat(json.getString("decision")).isEqualTo("ALLOW");
      assertThat(json.getString("verified_at")).isEqualTo("2025-01-01T00:00:00Z");
      assertThat(json.getString("clock")).isEqualTo("injected clock");
      assertThat(json.getJsonObject("policy").getString("ref")).isEqualTo("builtin:strict");
      assertThat(json.getJsonArray("checks")).hasSize(r.checks().size());
    }
  }

  @Test
  void aPolicyFromAFileDecidesAndIsNamedInTheResult() throws Exception {
    Path policy =
        Files.writeString(
            tmp.resolve("only-sgx.yaml"),
            """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: only-sgx, version: 3}
        spec:
          substrate: {tee: [sgx]}
        """);
    try (TeepolVerifier v = example().policy(policy).build()) {
      VerificationResult r = v.verify(quote());
      assertThat(r.decision()).isEqualTo(Decision.DENY);
      assertThat(r.policy().name()).isEqualTo("only-sgx");
      assertThat(r.policy().version()).isEqualTo(3);
      assertThat(r.policy().ref()).isEqualTo(policy.toString());
      assertThat(r.checks())
          .filteredOn(c -> !c.passed())
          .extracting(CheckResult::id)
          .containsExactly("policy.substrate.tee");
      assertThat(r.checks())
          .filteredOn(c -> c.id().equals("policy.substrate.tee"))
          .singleElement()
          .satisfies(c -> assertThat(c.source()).startsWith(policy + ":5:"));
    }
  }

  @Test
  void aPolicyThatDoesNotCompileThrowsEveryErrorWithItsPosition() throws Exception {
    Path policy =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: bad, version: 1}
        spec:
          tcb: {allow: [UpToDat]}
          rules:
            - {name: typo, expression: "evidence.platform.tcb.stauts == 'UpToDate'"}
        """);
    assertThatThrownBy(() -> example().policy(policy).build())
        .isInstanceOf(TeepolConfigurationException.class)
        .satisfies(
            e -> {
              TeepolConfigurationException t = (TeepolConfigurationException) e;
              assertThat(t.where()).isEqualTo(policy.toString());
              assertThat(t.problem()).startsWith("policy does not compile");
              String report = t.compileErrors().orElseThrow().format();
              assertThat(report).contains(policy + ":5:", "UpToDat", policy + ":7:", "stauts");
            });
  }

  @Test
  void configurationErrorsNameTheFileAtBuildTime() throws Exception {
    assertThatThrownBy(() -> example().trustAnchor(tmp.resolve("missing.der")).build())
        .isInstanceOf(TeepolConfigurationException.class)
        .hasMessageEndingWith("missing.der: no such file");
    Path notACert = Files.write(tmp.resolve("junk.pem"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> example().trustAnchor(notACert).build())
        .hasMessageContaining("junk.pem: not a single X.509 certificate");
    assertThatThrownBy(() -> example().collateralDirectory(tmp.resolve("nope")).build())
        .hasMessageContaining("nope: no such directory");
    assertThatThrownBy(() -> example().policy("builtin:lenient").build())
        .hasMessageContaining("unknown built-in policy");
    assertThatThrownBy(() -> example().pcs(java.net.URI.create("ftp://pcs.example")).build())
        .hasMessageContaining("not an http(s) URL");
  }

  @Test
  void badEvidenceNeverThrowsItIsADenyThatSaysWhy() throws Exception {
    try (TeepolVerifier v = example().build()) {
      VerificationResult junk = v.verify("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(junk.decision()).isEqualTo(Decision.DENY);
      assertThat(junk.provider()).isEmpty();
      assertThat(junk.inputProblem())
          .get()
          .asString()
          .startsWith("not recognized as evidence of any provider (");
      assertThat(junk.checks())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.id()).isEqualTo(VerificationResult.INPUT_RECOGNIZED);
                assertThat(c.category()).isEqualTo(CheckCategory.PARSE);
              });
      assertThat(junk.genuine()).isFalse();

      byte[] truncated = Arrays.copyOf(quote(), 700);
      VerificationResult cut = v.verify(truncated);
      assertThat(cut.decision()).isEqualTo(Decision.DENY);
      assertThat(cut.provider()).isEqualTo("tdx");
      assertThat(cut.inputProblem()).get().asString().contains("offset");
      assertThat(cut.checks())
          .filteredOn(
              c -> c.category() == CheckCategory.PARSE && c.outcome() instanceof Outcome.Fail)
          .isNotEmpty();

      assertThat(v.verify(new byte[0]).decision()).isEqualTo(Decision.DENY);
    }
    Limits small = new Limits(1000, 64 << 10, 8, 1 << 20, 64, 4096);
    try (TeepolVerifier v = example().limits(small).build()) {
      VerificationResult big = v.verify(quote());
      assertThat(big.decision()).isEqualTo(Decision.DENY);
      assertThat(big.checks())
          .extracting(CheckResult::id)
          .containsExactly(VerificationResult.INPUT_SIZE);
      assertThat(big.inputProblem()).get().asString().contains("over the limit of 1000 bytes");
    }
  }

  @Test
  void aNonceIsCheckedByTheProviderAndStatedInTheEvidence() throws Exception {
    try (TeepolVerifier v = example().build()) {
      VerificationResult none = v.verify(quote());
      assertThat(none.evidence().nonce().state()).isEqualTo(NonceState.NOT_SUPPLIED);
      VerificationResult other =
          v.verify(
              quote(), VerifyOptions.builder().nonce(new byte[] {1, 2, 3}).name("q.bin").build());
      assertThat(other.input()).isEqualTo("q.bin");
      assertThat(other.evidence().nonce().state()).isEqualTo(NonceState.DIFFERS);
      assertThat(other.decision()).isEqualTo(Decision.DENY);
      // An empty nonce is a value (TPM quotes made with empty qualifying data carry it); this
      // quote's report_data is not all zero, so it does not carry it.
      VerificationResult empty =
          v.verify(quote(), VerifyOptions.builder().nonce(new byte[0]).build());
      assertThat(empty.appraisal().check("tdx.report_data.nonce").orElseThrow().passed()).isFalse();
      assertThat(empty.decision()).isEqualTo(Decision.DENY);
    }
  }

  @Test
  void theClockIsReadOnceForTheProviderThePolicyAndTheReport() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    Clock counting =
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
            reads.incrementAndGet();
            return AT;
          }
        };
    try (TeepolVerifier v = example().clock(counting).build()) {
      VerificationResult r = v.verify(quote());
      r.toJson();
      assertThat(r.verifiedAt()).isEqualTo(AT);
      assertThat(reads).as("one read per verification").hasValue(1);
      v.verify(quote());
      assertThat(reads).hasValue(2);
    }
  }

  @Test
  void eachVerifierOwnsItsProvidersAndCaches() throws Exception {
    try (TeepolVerifier a = example().build();
        TeepolVerifier b = example().build()) {
      assertThat(a.providers()).isNotSameAs(b.providers());
      EvidenceProvider tdxA = a.providers().byId("tdx").orElseThrow();
      EvidenceProvider tdxB = b.providers().byId("tdx").orElseThrow();
      assertThat(tdxA).isNotSameAs(tdxB);
      // Sharing is explicit: a verifier built with another's providers shares their caches.
      try (TeepolVerifier c =
          example().providers(a.providers()).policy(a.compiledPolicy(), "builtin:strict").build()) {
        assertThat(c.providers().byId("tdx").orElseThrow()).isSameAs(tdxA);
        assertThat(c.verify(quote()).decision()).isEqualTo(Decision.ALLOW);
      }
    }
  }

  @Test
  void oneVerifierServesManyThreadsWithTheSameAnswers() throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(quote());
    inputs.add(Files.readAllBytes(TDX.resolve("quote-v5.bin")));
    inputs.add(Arrays.copyOf(quote(), 900));
    byte[] flipped = quote();
    flipped[200] ^= 1;
    inputs.add(flipped);
    try (TeepolVerifier v = example().build()) {
      List<Decision> expected = inputs.stream().map(i -> v.verify(i).decision()).toList();
      assertThat(expected)
          .containsExactly(Decision.ALLOW, Decision.ALLOW, Decision.DENY, Decision.DENY);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          runs.add(
              pool.submit(
                  () -> {
                    for (int n = 0; n < 10; n++) {
                      for (int i = 0; i < inputs.size(); i++) {
                        if (v.verify(inputs.get(i)).decision() != expected.get(i)) {
                          return false;
                        }
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> f : runs) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aFileIsReadBoundedAndNamedByItsPath() throws Exception {
    try (TeepolVerifier v = example().build()) {
      VerificationResult r = v.verify(TDX.resolve("quote.bin"), VerifyOptions.defaults());
      assertThat(r.input()).isEqualTo(TDX.resolve("quote.bin").toString());
      assertThat(r.allowed()).isTrue();
      assertThatThrownBy(() -> v.verify(tmp.resolve("none.bin"), VerifyOptions.defaults()))
          .isInstanceOf(java.nio.file.NoSuchFileException.class);
      assertThatThrownBy(() -> v.verify(tmp, VerifyOptions.defaults()))
          .hasMessageContaining("is a directory");
    }
  }

  @Test
  void aClosedVerifierRefusesToVerify() throws Exception {
    TeepolVerifier v = example().build();
    v.close();
    assertThatThrownBy(() -> v.verify(quote()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static String failing(VerificationResult r) {
    return r.checks().stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.explanation())
        .toList()
        .toString();
  }

  @Test
  void inspectDecodesWithoutVerifyingFetchingOrReadingTheClock() throws Exception {
    Clock never =
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
            throw new AssertionError("inspect read the clock");
          }
        };
    // A collateral directory that does not hold this quote's collateral: it is never consulted.
    try (TeepolVerifier v =
        TeepolVerifier.builder().collateralDirectory(tmp).clock(never).build()) {
      Inspection i = v.inspect(quote(), "q");
      assertThat(i.problem()).isEmpty();
      assertThat(i.provider()).isEqualTo("tdx");
      assertThat(i.method()).isEqualTo(Inspection.Method.FIELDS);
      assertThat(i.fields().fields()).containsKeys("header", "td_report", "signature_data");
      JsonObject doc = i.toJsonObject();
      assertThat(doc.getBoolean("verified")).isFalse();
      assertThat(doc.getJsonObject("fields").getJsonObject("td_report").getString("mrtd"))
          .matches("[0-9a-f]{96}");
      assertThat(v.inspect(new byte[] {1, 2}, "x").problem().orElseThrow())
          .contains("not recognized");
      assertThat(v.inspect(Arrays.copyOf(quote(), 100), "cut").problem().orElseThrow())
          .contains("offset");
      assertThatThrownBy(() -> v.inspect(tmp)).hasMessageContaining("is a directory");
    }
    TeepolVerifier closed = example().build();
    closed.close();
    assertThatThrownBy(() -> closed.inspect(quote(), "q"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRootCaCrlUrlNeedsAPcsAndMustBeHttp() {
    assertThatThrownBy(
            () ->
                TeepolVerifier.builder()
                    .pcsRootCaCrl(java.net.URI.create("https://m/r.der"))
                    .build())
        .isInstanceOf(TeepolConfigurationException.class)
        .hasMessageContaining("only with a PCS");
    assertThatThrownBy(
            () ->
                TeepolVerifier.builder()
                    .pcs(java.net.URI.create("https://pccs.example"))
                    .pcsRootCaCrl(java.net.URI.create("file:///etc/r.der"))
                    .build())
        .isInstanceOf(TeepolConfigurationException.class)
        .hasMessageContaining("not an http(s) URL");
  }

  @Test
  void aRecorderSavesWhatTheVerificationReadSoTheFolderReproducesIt() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("saved"));
    dev.teepol.verifier.collateral.CollateralRecorder rec =
        new dev.teepol.verifier.collateral.CollateralRecorder(out);
    try (TeepolVerifier v = example().recordCollateral(rec).build()) {
      assertThat(v.verify(quote()).decision()).isEqualTo(Decision.ALLOW);
    }
    assertThat(rec.missing()).isEmpty();
    assertThat(rec.saved()).hasSize(4);
    try (TeepolVerifier offline =
        TeepolVerifier.builder()
            .collateralDirectory(out)
            .trustAnchor(TDX.resolve("root_ca.der"))
            .clock(CLOCK)
            .build()) {
      VerificationResult r = offline.verify(quote());
      assertThat(r.decision()).as(failing(r)).isEqualTo(Decision.ALLOW);
    }
  }
}
