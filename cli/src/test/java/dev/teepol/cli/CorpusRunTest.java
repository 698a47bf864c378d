package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.crypto.Certificates;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teepol corpus run} over a small corpus built here, with the fake provider as kind "fake". */
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
      return lines.stream().filter(l -> l.getString("case").equals(caseName)).findFirst().orElseThrow();
    }
  }

  private Run run() {
    CliRun r = CliRun.fake("corpus", "run", root.toString());
    List<String> out = r.out().lines().toList();
    List<JsonObject> lines = out.subList(0, out.size() - 1).stream().map(VerifyCommandTest::parse).toList();
    return new Run(r.exitCode(), lines, out.get(out.size() - 1), r.err());
  }

  @Test
  void evaluatesKnownKindsWithTheCaseInputsAndSkipsTheRest() throws Exception {
    Path allow = newCase("fake", "a-allow", "{\"verify_at_unix\": 1735689600, \"verify_at\": \"2000-01-01T00:00:00Z\","
        + " \"verdict\": \"REJECT\", \"request_nonce\": \"00ff\"}");
    // Found by content, not by name; metadata and unrelated files are not evidence.
    Files.write(allow.resolve("whatever.dat"), FakeProvider.ALLOW);
    Files.writeString(allow.resolve("notes.txt"), "mentions FAKE- in the middle, not at the start");
    Path deny = newCase("fake", "b-deny", "{\"verify_at\": \"2025-02-03T04:05:06Z\", \"nonce_hex\": \"ABCD\"}");
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
    assertThat(r.summary()).isEqualTo("corpus: 3 passed, 0 failed, 3 skipped");
    assertThat(r.lines()).extracting(l -> l.getString("case"))
        .containsExactly("fake/a-allow", "fake/b-deny", "fake/c-wall", "sev-snp/some-case", "tpm/other", "tpm/third");

    JsonObject a = r.only("fake/a-allow");
    assertThat(a.getString("decision")).as("expected verdict must not be read").isEqualTo("ALLOW");
    assertThat(a.getString("kind")).isEqualTo("fake");
    assertThat(a.getString("evidence")).isEqualTo("whatever.dat");
    assertThat(a.getBoolean("genuine")).isTrue();
    assertThat(a.getString("tcb_status")).isEqualTo("UpToDate");
    assertThat(a.getJsonArray("advisory_ids")).isEmpty();
    assertThat(a.getJsonObject("measurements").getString("mrtd")).isEqualTo("ab".repeat(48));
    assertThat(a.getJsonObject("measurements").getString("at")).as("verify_at_unix wins over verify_at").isEqualTo("2025-01-01T00:00:00Z");
    assertThat(a.getJsonObject("measurements").getString("nonce")).isEqualTo("00ff");
    assertThat(a.getString("clock")).isEqualTo("verify_at_unix");
    assertThat(a.isNull("collateral")).isTrue();
    assertThat(a.getJsonArray("checks").getJsonObject(0).keySet()).contains("id", "outcome", "reason");

    JsonObject b = r.only("fake/b-deny");
    assertThat(b.getString("decision")).isEqualTo("DENY");
    assertThat(b.getString("tcb_status")).isEqualTo("OutOfDate");
    assertThat(b.getJsonArray("advisory_ids").getString(0)).isEqualTo("INTEL-SA-00001");
    assertThat(b.getJsonObject("measurements").getString("at")).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(b.getJsonObject("measurements").getString("nonce")).isEqualTo("abcd");
    // The DCAP directory is asked first; recorded NRAS material in the case directory comes after it.
    assertThat(b.getJsonObject("measurements").getString("collateral")).startsWith("directory " + deny.resolve("collateral") + " then ");
    assertThat(b.getString("collateral")).isEqualTo("collateral/");

    JsonObject c = r.only("fake/c-wall");
    assertThat(c.getString("clock")).isEqualTo("wall clock");
    assertThat(c.getJsonObject("measurements").getString("at")).isEqualTo(CliRun.WALL.toString());

    JsonObject s = r.only("tpm/other");
    assertThat(s.getString("decision")).isEqualTo("SKIPPED");
    assertThat(s.getString("status")).isEqualTo("skipped");
    assertThat(s.getString("reason")).contains("no provider for kind 'tpm'");
  }

  @Test
  void aSelfSignedCertificateNamedLikeADefaultAnchorReplacesIt() throws Exception {
    X509Certificate root1 = TestCerts.intelNamedRoot();
    Path der = newCase("fake", "der", "{\"verify_at_unix\": 1}");
    Files.write(der.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(der.resolve("my_root.der"), root1.getEncoded());
    Path pem = newCase("fake", "pem", "{\"verify_at_unix\": 1}");
    Files.write(pem.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.writeString(pem.resolve("root.pem"), TestCerts.pem(root1));
    // A self-signed certificate with an unrelated subject is not an anchor for anything.
    Files.write(pem.resolve("other.der"), TestCerts.selfSigned(new X500Principal("CN=Somebody Else")).getEncoded());
    Path none = newCase("fake", "none", "{\"verify_at_unix\": 1}");
    Files.write(none.resolve("quote.bin"), FakeProvider.ALLOW);

    Run r = run();
    assertThat(r.only("fake/der").getJsonObject("measurements").getString("anchor")).isEqualTo(Certificates.sha256Hex(root1));
    assertThat(r.only("fake/der").getString("trust_anchor")).isEqualTo("my_root.der");
    assertThat(r.only("fake/pem").getJsonObject("measurements").getString("anchor")).isEqualTo(Certificates.sha256Hex(root1));
    assertThat(r.only("fake/none").getJsonObject("measurements").getString("anchor"))
        .isEqualTo("44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
    assertThat(r.only("fake/none").getString("trust_anchor")).isEqualTo("embedded default");
  }

  @Test
  void casesTheRunnerCannotEvaluateFailTheRunButNotTheOthers() throws Exception {
    newCase("fake", "no-evidence", "{\"verify_at_unix\": 1}");
    Files.write(newCase("fake", "no-expected", null).resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(newCase("fake", "bad-time", "{\"verify_at\": \"soon\"}").resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(newCase("fake", "bad-json", "{not json").resolve("quote.bin"), FakeProvider.ALLOW);
    Path twoRoots = newCase("fake", "two-roots", "{\"verify_at_unix\": 1}");
    Files.write(twoRoots.resolve("quote.bin"), FakeProvider.ALLOW);
    Files.write(twoRoots.resolve("a.der"), TestCerts.intelNamedRoot().getEncoded());
    Files.write(twoRoots.resolve("b.der"), TestCerts.intelNamedRoot().getEncoded());
    Files.write(newCase("fake", "ok", "{\"verify_at_unix\": 1}").resolve("quote.bin"), FakeProvider.ALLOW);

    Run r = run();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.summary()).isEqualTo("corpus: 1 passed, 5 failed, 0 skipped");
    assertThat(r.only("fake/no-evidence").getString("reason")).contains("no top-level file is recognized by provider fake");
    assertThat(r.only("fake/no-expected").getString("reason")).contains("expected.json: missing");
    assertThat(r.only("fake/bad-time").getString("reason")).contains("verify_at: 'soon'");
    assertThat(r.only("fake/bad-json").getString("reason")).contains("expected.json: not a JSON object");
    assertThat(r.only("fake/two-roots").getString("reason")).contains("two different trust anchors", "a.der", "b.der");
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
    assertThat(r.errLines()).containsExactly("teepol: " + root.resolve("nope") + ": no such directory");
  }
}
