package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teepol inspect}: decoded, never verified. */
class InspectCommandTest {
  static final Path TDX = ExamplesCliTest.TDX;
  @TempDir Path tmp;

  @Test
  void aQuoteIsDecodedFieldByFieldAndLabelledNotVerified() {
    CliRun r = CliRun.real("inspect", TDX.resolve("quote.bin").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().limit(2))
        .containsExactly(
            "evidence: " + TDX.resolve("quote.bin") + " (tdx)",
            "decoded, not verified: no signature, certificate chain, collateral or binding was"
                + " checked; 'teepol verify' judges it");
    assertThat(r.out())
        .contains("format: Intel DCAP quote v4 (TDX)", "td_report:", "  kind: TD10")
        .contains(
            "  mrtd: 6b3e5379739bbe5c566b00c8052c89010a94f5de7d7c2ffed640904ae4bac4a83daa782b573a828cf22289159abfe186")
        .contains("    certification_data_type_name: PCK certificate chain (PEM)")
        .contains("      - subject: C=US,O=Teepol Test,CN=Teepol Test SGX PCK Certificate")
        .contains(
            "      fmspc: 10a06f010000", "      sgx_tcb_components: [4, 4, 2, 2, 4, 1, 0, 5,");
    // Nothing was checked, so nothing says it passed.
    assertThat(r.out()).doesNotContain("✓", "ALLOW", "valid to");
  }

  @Test
  void jsonIsOneDocumentWhoseRegistersAreWhatVerifyReports() {
    CliRun r = CliRun.real("inspect", TDX.resolve("quote-v5.bin").toString(), "--format", "json");
    assertThat(r.exitCode()).isZero();
    JsonObject doc = VerifyCommandTest.parse(r.out());
    assertThat(doc.getString("schema")).isEqualTo("teepol.dev/inspect/v1");
    assertThat(doc.getBoolean("verified")).isFalse();
    assertThat(doc.getString("decoded")).isEqualTo("fields");
    assertThat(doc.getString("provider")).isEqualTo("tdx");
    JsonObject td = doc.getJsonObject("fields").getJsonObject("td_report");
    CliRun v =
        CliRun.real(
            "verify",
            TDX.resolve("quote-v5.bin").toString(),
            "--collateral",
            TDX.resolve("collateral").toString(),
            "--trust-anchor",
            TDX.resolve("root_ca.der").toString(),
            "--at",
            ExamplesCliTest.AT,
            "--format",
            "json");
    JsonObject m =
        VerifyCommandTest.parse(v.out()).getJsonObject("evidence").getJsonObject("measurements");
    for (String register :
        List.of("mrtd", "rtmr0", "rtmr3", "mr_seam", "tee_tcb_svn2", "mr_servicetd")) {
      assertThat(td.getString(register)).as(register).isEqualTo(m.getString(register));
    }
    assertThat(doc.getJsonObject("fields").getJsonObject("body_descriptor").getInt("type"))
        .isEqualTo(3);
  }

  @Test
  void evidenceThatDoesNotDecodeIsOneLineAndExitTwo() throws Exception {
    byte[] q = Files.readAllBytes(TDX.resolve("quote.bin"));
    Path cut = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(q, 700));
    CliRun r = CliRun.real("inspect", cut.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("teepol: " + cut + ": ").contains("offset");
    assertThat(r.out()).isEmpty();
    Path junk = Files.write(tmp.resolve("junk.bin"), new byte[] {1, 2, 3});
    CliRun u = CliRun.real("inspect", junk.toString());
    assertThat(u.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(u.err()).contains("not recognized as evidence of any provider");
    CliRun missing = CliRun.real("inspect", tmp.resolve("nope.bin").toString());
    assertThat(missing.errLines())
        .containsExactly("teepol: " + tmp.resolve("nope.bin") + ": no such file");
  }

  @Test
  void aProviderWithoutItsOwnDecodingShowsTheNormalizedEvidenceLabelledAsSuch() throws Exception {
    Path q = Files.write(tmp.resolve("q.bin"), FakeProvider.ALLOW);
    CliRun r = CliRun.fake("inspect", q.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject doc = VerifyCommandTest.parse(r.out());
    assertThat(doc.getString("decoded")).isEqualTo("normalized");
    JsonObject fields = doc.getJsonObject("fields");
    assertThat(fields.getJsonObject("measurements").getString("mrtd")).isEqualTo("ab".repeat(48));
    // Only a verification establishes these; an inspection does not pretend to.
    assertThat(fields.keySet()).doesNotContain("checks", "genuine", "nonce");
    // Nothing is fetched: the provider saw no collateral source.
    assertThat(fields.getJsonObject("measurements").getString("collateral"))
        .doesNotContain("directory", "PCS");
    CliRun text = CliRun.fake("inspect", q.toString());
    assertThat(text.out()).contains("decoded as: the normalized evidence of an offline appraisal");
    Path bad = Files.write(tmp.resolve("t.bin"), FakeProvider.TRUNCATED);
    CliRun trunc = CliRun.fake("inspect", bad.toString());
    assertThat(trunc.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(trunc.errLines())
        .containsExactly("teepol: " + bad + ": header.version at offset 4: needs 2 bytes, 0 left");
  }

  /** A provider whose decoded text tries to drive the terminal. */
  static final class HostileProvider implements EvidenceProvider {
    @Override
    public String id() {
      return "hostile";
    }

    @Override
    public boolean recognizes(EvidenceSource source, Limits limits) {
      return new String(source.content(), StandardCharsets.US_ASCII).startsWith("HOSTILE");
    }

    @Override
    public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
      return new Appraisal(
          Evidence.empty(id(), source.name()),
          List.of(CheckResult.pass("hostile.parse", CheckCategory.PARSE, "")));
    }

    @Override
    public Decoded inspect(EvidenceSource source, AppraisalContext offline) {
      return new Decoded.Fields(
          Decoded.group()
              .text("event", "name\u001b[2J\u001b]0;pwned\u0007")
              .text("script", "line one\nline two")
              .put(
                  "list",
                  Decoded.items(List.of(Decoded.group().text("a", "1").text("b", "2").build())))
              .build());
    }
  }

  @Test
  void controlCharactersFromTheEvidenceAreEscapedAndBlocksIndented() throws Exception {
    Path h = Files.writeString(tmp.resolve("h.bin"), "HOSTILE");
    CliRun r =
        CliRun.on(Terminal.PIPE_UTF8, List.of(new HostileProvider()), "inspect", h.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .doesNotContain("\u001b", "\u0007")
        .contains("event: name\\u001b[2J\\u001b]0;pwned\\u0007")
        .contains("script: |\n  line one\n  line two\n")
        .contains("list:\n  - a: 1\n    b: 2\n");
  }
}
