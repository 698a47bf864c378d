package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tdx.sim.TestPki;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teepol corpus run} over a small corpus built here, with the fake provider as kind "fake".
 */
class CorpusRunTest {
  @TempDir Path root;

  private Path newCase(String kind, String name, String expectedJson) throws Exception {
    Path c = Files.createDirectories(root.resolve(kind).resolve(name));
    Files.writeString(c.resolve("CASE.md"), "# " + name + "\n");
    if (expectedJson != null) {
      Files.writeString(c.resolve("expected.json"), expectedJson);
    }
    return c;
  }

  private record Run(int exitCode, List<JsonObject> lines, String summary, String err) {
    JsonObject only(String caseName) {
      return lines.stream()
          .filter(l -> l.getString("case").equals(caseName))
          .findFirst()
          .orElseThrow();
    }
  }

  private Run run() {
    CliRun r = CliRun.fake("corpus", "run", root.toString());
    List<String> out = r.out().lines().toList();
    List<JsonObject> lines =
        out.subList(0, out.size() - 1).stream().map(VerifyCommandTest::parse).toList();
    return new Run(r.exitCode(), lines, out.get(out.size() - 1), r.err());
  }

  @Test
  void aFileThatAnotherEvidenceFileCarriesWholeIsAPartNotEvidenceAndANullTimeIsNoTime()
      throws Exception {
    // A container (here: FAKE-ALLOW followed by more bytes) and the part the corpus builder split
    // out of it (a TPM attestation and its event log): one line, for the container.
    Path c = newCase("fake", "container", "{\"verify_at\": null, \"nonce_hex\": \"\"}");
    Files.write(
        c.resolve("attestation.pb"),
        "FAKE-ALLOW with an embedded FAKE-DENY part"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Files.write(c.resolve("part.bin"), FakeProvider.DENY);
    Run r = run();
    assertThat(r.lines()).hasSize(1);
    JsonObject line = r.only("fake/container");
    assertThat(line.getString("status")).isEqualTo("passed");
    assertThat(line.getString("evidence")).isEqualTo("attestation.pb");
    assertThat(line.getString("verified_at")).startsWith("wall clock");
  }

  @Test
  void evaluatesKnownKindsWithTheCaseInputsAndSkipsTheRest() throws Exception {
    Path allow =
        newCase(
            "fake",
            "a-allow",
            "{\"verify_at_unix\": 1735689600, \"verify_at\": \"2000-01-01T00:00:00Z\","
                + " \"verdict\": \"REJECT\", \"request_nonce\": \"00ff\"}");
    // Found by content, not by name; metadata and unrelated files are not evidence.
    Files.write(allow.resolve("whatever.dat"), FakeProvider.ALLOW);
    Files.writeString(allow.resolve("notes.txt"), "mentions FAKE- in the middle, not at the start");
    Path deny =
        newCase(
            "fake", "b-deny", "{\"verify_at\": \"2025-02-03T04:05:06Z\", \"nonce_hex\": \"ABCD\"}");
    Files.write(deny.resolve("quote.bin"), FakeProvider.DENY);
    Files.createDirectory(deny.resolve("collateral"));
    Path wall = newCase("fake", "c-wall", "{\"verdict\": \"ACCEPT\"}");
    Files.write(wall.resolve("quote.bin"), FakeProvider.ALLOW);
    newCase("sev-snp", "some-case", "{}");
    newCase("tpm", "other", "{}");
    newCase("tpm", "third", "{}");
    Files.writeString(root.resolve("README.md"), "top-level files are not kinds");

    Run r = run();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.err()).isEmpty();
    assertThat(r.summary()).isEqualTo("corpus: 3 decided (2 ALLOW, 1 DENY), 3 skipped, 0 errors");
    assertThat(r.lines())
        .extracting(l -> l.getString("case"))
        .containsExactly(
            "fake/a-allow",
            "fake/b-deny",
            "fake/c-wall",
            "sev-snp/some-case",
            "tpm/other",
            "tpm/third");

    JsonObject a = r.only("fake/a-allow");
    assertThat(a.getString("decision")).as("expected verdict must not be read").isEqualTo("ALLOW");
    assertThat(a.getString("kind")).isEqualTo("fake");
    assertThat(a.getString("evidence")).isEqualTo("whatever.dat");
    assertThat(a.getBoolean("genuine")).isTrue();
    assertThat(a.getString("tcb_status")).isEqualTo("UpToDate");
    assertThat(a.getJsonArray("advisory_ids")).isEmpty();
    assertThat(a.getJsonObject("measurements").getString("mrtd")).isEqualTo("ab".repeat(48));
    assertThat(a.getJsonObject("measurements").getString("at"))
        .as("verify_at_unix wins over verify_at")
        .isEqualTo("2025-01-01T00:00:00Z");
    assertThat(a.getJsonObject("measurements").getString("nonce")).isEqualTo("00ff");
    assertThat(a.getString("clock")).isEqualTo("verify_at_unix");
    assertThat(a.isNull("collateral")).isTrue();
    assertThat(a.getJsonArray("checks").getJsonObject(0).keySet())
        .contains("id", "outcome", "reason");

    JsonObject b = r.only("fake/b-deny");
    assertThat(b.getString("decision")).isEqualTo("DENY");
    assertThat(b.getString("tcb_status")).isEqualTo("OutOfDate");
    assertThat(b.getJsonArray("advisory_ids").getString(0)).isEqualTo("INTEL-SA-00001");
    assertThat(b.getJsonObject("measurements").getString("at")).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(b.getJsonObject("measurements").getString("nonce")).isEqualTo("abcd");
    // The DCAP directory is asked first; recorded NRAS material in the case directory comes after
    // it.
    assertThat(b.getJsonObject("measurements").getString("collateral"))
        .startsWith("directory " + deny.resolve("collateral") + " then ");
    assertThat(b.getString("collateral")).isEqualTo("collateral/");

    JsonObject c = r.only("fake/c-wall");
    assertThat(c.getString("clock")).isEqualTo("wall clock");
    assertThat(c.getJsonObject("measurements").getString("at")).isEqualTo(CliRun.WALL.toString());

    JsonObject s = r.only("tpm/other");
    assertThat(s.getString("decision")).isEqualTo("SKIPPED");
    assertThat(s.getString("status")).isEqualTo("skipped");
    assertThat(s.getString("reason")).contains("no provider for kind 'tpm'");
  }

  /**
   * Audit item 11: an in-folder copy of the embedded default is fine; any other root is refused,
   * not trusted.
   */
  @Test
  void anInFolderAnchorIsAcceptedOnlyWhenItIsTheEmbeddedDefault() throws Exception {
    X509Certificate intel = TrustAnchors.defaults().get(TrustAnchors.INTEL_SGX_ROOT).get(0);
    Path copy = newCase("fake", "copy-of-default", "{\"verify_at_unix\": 1}");
    Files.write(copy.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(copy.resolve("intel_sgx_root_ca.der"), intel.getEncoded());
    Path other = newCase("fake", "other-root", "{\"verify_at_unix\": 1}");
    Files.write(other.resolve("quote.bin"), FakeProvider.ALLOW);
    X509Certificate lookalike = TestCerts.intelNamedRoot();
    Files.writeString(other.resolve("root.pem"), TestCerts.pem(lookalike));
    // A self-signed certificate with an unrelated subject is not an anchor for anything.
    Path unrelated = newCase("fake", "unrelated", "{\"verify_at_unix\": 1}");
    Files.write(unrelated.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(
        unrelated.resolve("other.der"),
        TestCerts.selfSigned(new X500Principal("CN=Somebody Else")).getEncoded());

    Run r = run();
    assertThat(r.only("fake/copy-of-default").getString("trust_anchor"))
        .isEqualTo("intel_sgx_root_ca.der (the embedded default)");
    assertThat(r.only("fake/copy-of-default").getJsonObject("measurements").getString("anchor"))
        .isEqualTo(Certificates.sha256Hex(intel));
    JsonObject refused = r.only("fake/other-root");
    assertThat(refused.getString("status")).isEqualTo("failed");
    assertThat(refused.getBoolean("genuine")).isFalse();
    assertThat(refused.getString("reason"))
        .contains("root.pem", Certificates.sha256Hex(lookalike), "--trust-anchor");
    assertThat(r.only("fake/unrelated").getString("trust_anchor")).isEqualTo("embedded default");
    assertThat(r.only("fake/unrelated").getJsonObject("measurements").getString("anchor"))
        .isEqualTo(Certificates.sha256Hex(intel));
  }

  /**
   * Any other anchor is given explicitly, for the whole run, and then a case may carry a copy of
   * it.
   */
  @Test
  void anotherAnchorIsGivenWithTrustAnchor() throws Exception {
    X509Certificate lookalike = TestCerts.intelNamedRoot();
    Path anchor =
        Files.write(
            root.resolveSibling(root.getFileName() + "-anchor.der"), lookalike.getEncoded());
    Path c = newCase("fake", "pinned", "{\"verify_at_unix\": 1}");
    Files.write(c.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(c.resolve("my_root.der"), lookalike.getEncoded());
    CliRun r = CliRun.fake("corpus", "run", root.toString(), "--trust-anchor", anchor.toString());
    JsonObject line = VerifyCommandTest.parse(r.out().lines().findFirst().orElseThrow());
    assertThat(line.getString("status")).isEqualTo("passed");
    assertThat(line.getJsonObject("measurements").getString("anchor"))
        .isEqualTo(Certificates.sha256Hex(lookalike));
    assertThat(line.getString("trust_anchor"))
        .isEqualTo(anchor.getFileName() + " (--trust-anchor), copy in the case: my_root.der");
    CliRun bad =
        CliRun.fake(
            "corpus",
            "run",
            root.toString(),
            "--trust-anchor",
            root.resolve("missing.der").toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
  }

  /**
   * A quote from the simulator's PKI named exactly like Intel's, shipped with that PKI's root as
   * intel_sgx_root_ca.der: the runner used to take the folder's root as the anchor and report
   * genuine=true and ALLOW.
   */
  @Test
  void aForgedQuoteWithItsOwnIntelNamedRootInTheCaseFolderIsNotGenuine() throws Exception {
    SimulatedDcap forged =
        DcapSimulator.builder().naming(TestPki.Naming.INTEL_LOOKALIKE).build().generate();
    Path c =
        newCase(
            "tdx",
            "forged",
            "{\"verify_at_unix\": " + DcapSimulator.VERIFY_AT.getEpochSecond() + "}");
    Files.write(c.resolve("quote.bin"), forged.quote());
    forged.writeCollateralTo(c.resolve("collateral"));
    Files.write(c.resolve("intel_sgx_root_ca.der"), forged.rootDer());

    CliRun r = CliRun.real("corpus", "run", root.toString());
    JsonObject line = VerifyCommandTest.parse(r.out().lines().findFirst().orElseThrow());
    assertThat(line.getString("case")).isEqualTo("tdx/forged");
    assertThat(line.getBoolean("genuine")).as(line.toString()).isFalse();
    assertThat(line.getString("decision")).isEqualTo("DENY");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);

    // Trusted on purpose, it verifies: the simulator's evidence is genuine under its own root.
    Path anchor =
        Files.write(root.resolveSibling(root.getFileName() + "-forged-root.der"), forged.rootDer());
    CliRun pinned =
        CliRun.real("corpus", "run", root.toString(), "--trust-anchor", anchor.toString());
    JsonObject ok = VerifyCommandTest.parse(pinned.out().lines().findFirst().orElseThrow());
    assertThat(ok.getBoolean("genuine")).as(ok.toString()).isTrue();
    assertThat(ok.getString("decision")).isEqualTo("ALLOW");
  }

  /**
   * The same rule for AMD: a SEV-SNP case whose folder brings a chain under an ARK named like AMD's
   * is judged against the pinned ARK (the supplied ARK is refused, not trusted), a lone self-signed
   * "ARK-Milan" that is not AMD's fails the case, and the same evidence verifies only when that ARK
   * is given explicitly.
   */
  @Test
  void aSevSnpCaseThatBringsItsOwnArkIsNotGenuine() throws Exception {
    dev.teepol.providers.sevsnp.sim.SimSnp.Output sim =
        dev.teepol.providers.sevsnp.sim.SimSnp.builder().build();
    Path c =
        newCase(
            "sev-snp",
            "own-ark",
            "{\"verify_at_unix\": "
                + dev.teepol.providers.sevsnp.sim.SimSnp.VERIFY_AT.getEpochSecond()
                + "}");
    Files.write(c.resolve("report.bin"), sim.report());
    sim.writeTo(c);
    CliRun r = CliRun.real("corpus", "run", root.toString());
    JsonObject line = VerifyCommandTest.parse(r.out().lines().findFirst().orElseThrow());
    assertThat(line.getString("case")).isEqualTo("sev-snp/own-ark");
    assertThat(line.getString("evidence")).isEqualTo("report.bin");
    assertThat(line.getBoolean("genuine")).as(line.toString()).isFalse();
    assertThat(line.toString()).contains("is not the pinned amd-ark-milan");

    byte[] ark =
        dev.teepol.providers.sevsnp.sim.AmdTestPki.get()
            .ark(dev.teepol.providers.sevsnp.abi.Product.MILAN)
            .cert()
            .getEncoded();
    Files.write(c.resolve("ark_milan.der"), ark);
    JsonObject refused =
        VerifyCommandTest.parse(
            CliRun.real("corpus", "run", root.toString()).out().lines().findFirst().orElseThrow());
    assertThat(refused.getString("status")).isEqualTo("failed");
    assertThat(refused.getString("reason")).contains("amd-ark-milan");

    Path anchor = Files.write(root.resolveSibling(root.getFileName() + "-test-ark.der"), ark);
    JsonObject ok =
        VerifyCommandTest.parse(
            CliRun.real("corpus", "run", root.toString(), "--trust-anchor", anchor.toString())
                .out()
                .lines()
                .findFirst()
                .orElseThrow());
    assertThat(ok.getBoolean("genuine")).as(ok.toString()).isTrue();
    assertThat(ok.getString("decision")).isEqualTo("ALLOW");
  }

  @Test
  void casesTheRunnerCannotEvaluateFailTheRunButNotTheOthers() throws Exception {
    newCase("fake", "no-evidence", "{\"verify_at_unix\": 1}");
    Files.write(newCase("fake", "no-expected", null).resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(
        newCase("fake", "bad-time", "{\"verify_at\": \"soon\"}").resolve("quote.bin"),
        FakeProvider.ALLOW);
    Files.write(newCase("fake", "bad-json", "{not json").resolve("quote.bin"), FakeProvider.ALLOW);
    Path twoRoots = newCase("fake", "two-roots", "{\"verify_at_unix\": 1}");
    Files.write(twoRoots.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(twoRoots.resolve("a.der"), TestCerts.intelNamedRoot().getEncoded());
    Files.write(twoRoots.resolve("b.der"), TestCerts.intelNamedRoot().getEncoded());
    Files.write(
        newCase("fake", "ok", "{\"verify_at_unix\": 1}").resolve("quote.bin"), FakeProvider.ALLOW);

    Run r = run();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.summary()).isEqualTo("corpus: 1 decided (1 ALLOW, 0 DENY), 0 skipped, 5 errors");
    assertThat(r.only("fake/no-evidence").getString("reason"))
        .contains("no top-level file is recognized by provider fake");
    assertThat(r.only("fake/no-expected").getString("reason")).contains("expected.json: missing");
    assertThat(r.only("fake/bad-time").getString("reason")).contains("verify_at: 'soon'");
    assertThat(r.only("fake/bad-json").getString("reason"))
        .contains("expected.json: not a JSON object");
    assertThat(r.only("fake/two-roots").getString("reason"))
        .contains("a.der", "not the trusted anchor", "--trust-anchor");
    for (JsonObject l : r.lines()) {
      if (!l.getString("case").equals("fake/ok")) {
        assertThat(l.getString("status")).isEqualTo("failed");
        assertThat(l.getString("decision")).isEqualTo("DENY");
        assertThat(l.getBoolean("genuine")).isFalse();
      }
    }
  }

  @Test
  void aMissingCorpusIsAnInputError() {
    CliRun r = CliRun.fake("corpus", "run", root.resolve("nope").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines())
        .containsExactly("teepol: " + root.resolve("nope") + ": no such directory");
  }

  @Test
  void nothingRunIsExitTwoNotSuccess() throws Exception {
    CliRun empty = CliRun.fake("corpus", "run", root.toString());
    assertThat(empty.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(empty.err()).contains("no case found");
    newCase("tpm", "other", "{}");
    CliRun skippedOnly = CliRun.fake("corpus", "run", root.toString());
    assertThat(skippedOnly.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(skippedOnly.err())
        .contains("no case could be run: all 1 are of kinds without a provider");
  }

  @Test
  void aCaseWithSeveralEvidenceFilesIsOneLineWithEachFileUnderFiles() throws Exception {
    Path c = newCase("fake", "two", "{\"verify_at_unix\": 1735689600}");
    Files.write(c.resolve("a.bin"), FakeProvider.ALLOW);
    Files.write(c.resolve("b.bin"), FakeProvider.DENY);
    Run r = run();
    assertThat(r.lines()).hasSize(1);
    JsonObject line = r.only("fake/two");
    assertThat(line.getString("decision")).as("the worse file decides the line").isEqualTo("DENY");
    assertThat(line.getString("evidence")).isEqualTo("b.bin");
    assertThat(line.getJsonArray("files")).hasSize(2);
    assertThat(r.summary()).isEqualTo("corpus: 1 decided (0 ALLOW, 1 DENY), 0 skipped, 0 errors");
  }

  @Test
  void checkComparesEachDecisionAndGenuineWithExpectedJsonAfterDeciding() throws Exception {
    Files.write(
        newCase(
                "fake",
                "agrees",
                "{\"verify_at_unix\": 1735689600, \"teepol\": {\"decision\": \"ALLOW\", \"genuine\": true}}")
            .resolve("q.bin"),
        FakeProvider.ALLOW);
    Files.write(
        newCase(
                "fake",
                "disagrees",
                "{\"verify_at_unix\": 1735689600, \"teepol\": {\"decision\": \"ALLOW\"}}")
            .resolve("q.bin"),
        FakeProvider.DENY);
    Files.write(
        newCase("fake", "silent", "{\"verify_at_unix\": 1735689600}").resolve("q.bin"),
        FakeProvider.ALLOW);
    CliRun r = CliRun.fake("corpus", "run", root.toString(), "--check");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    List<String> out = r.out().lines().toList();
    assertThat(out.get(out.size() - 1))
        .endsWith("check: 1 agreed, 1 disagreed, 1 without expectations");
    JsonObject bad =
        out.stream()
            .map(VerifyCommandTest::parse)
            .filter(l -> l.getString("case").equals("fake/disagrees"))
            .findFirst()
            .orElseThrow();
    assertThat(bad.getJsonObject("check").getBoolean("agrees")).isFalse();
    assertThat(bad.getJsonObject("check").getJsonArray("problems").getString(0))
        .isEqualTo("decision DENY, expected ALLOW");
    // Without --check the same corpus only decides: expected.json's expectations are never read.
    assertThat(CliRun.fake("corpus", "run", root.toString()).exitCode()).isEqualTo(ExitCodes.ALLOW);
    CliRun json = CliRun.fake("corpus", "run", root.toString(), "--check", "--summary", "json");
    List<String> jl = json.out().lines().toList();
    JsonObject summary = VerifyCommandTest.parse(jl.get(jl.size() - 1));
    assertThat(summary.getInt("decided")).isEqualTo(3);
    assertThat(summary.getInt("disagreed")).isEqualTo(1);
  }
}
