package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider for CLI plumbing tests, independent of any real verifier. Files starting with {@code
 * FAKE-ALLOW}, {@code FAKE-DENY} or {@code FAKE-TRUNC} give a genuine UpToDate appraisal, a genuine
 * OutOfDate one, or a parse failure with field and offset. It records what the context carried
 * (clock, nonce, anchor, collateral) in the measurements, so tests can see what the CLI passed in.
 */
final class FakeProvider implements EvidenceProvider {
  static final String ID = "fake";
  static final byte[] ALLOW = "FAKE-ALLOW".getBytes(StandardCharsets.US_ASCII);
  static final byte[] DENY = "FAKE-DENY".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TRUNCATED = "FAKE-TRUNC".getBytes(StandardCharsets.US_ASCII);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(EvidenceSource source, Limits limits) {
    return new String(source.content(), StandardCharsets.US_ASCII).startsWith("FAKE-");
  }

  /** The fake evidence carries a nonce made only of 0xcd bytes (its report_data), and no other. */
  static NonceInfo nonce(AppraisalContext ctx) {
    return ctx.expectedNonce()
        .map(
            n -> {
              boolean carried = n.length <= 64;
              for (byte b : n) {
                carried &= b == (byte) 0xcd;
              }
              return NonceInfo.supplied(n, carried);
            })
        .orElse(NonceInfo.NONE);
  }

  @Override
  public Appraisal appraise(EvidenceSource source, AppraisalContext ctx) {
    String text = new String(source.content(), StandardCharsets.US_ASCII);
    if (text.startsWith("FAKE-TRUNC")) {
      return new Appraisal(
          Evidence.empty(ID, source.name()),
          List.of(
              CheckResult.fail(
                  "fake.parse",
                  CheckCategory.PARSE,
                  "header.version at offset 4: needs 2 bytes, 0 left")));
    }
    boolean upToDate = text.startsWith("FAKE-ALLOW");
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mrtd", "ab".repeat(48));
    m.put("at", ctx.clock().instant().toString());
    m.put("nonce", ctx.expectedNonce().map(Hex::of).orElse(""));
    m.put(
        "anchor",
        ctx.trustAnchors().get(TrustAnchors.INTEL_SGX_ROOT).stream()
            .map(Certificates::sha256Hex)
            .findFirst()
            .orElse(""));
    m.put("collateral", ctx.collateral().describe());
    Tcb tcb =
        new Tcb(
            upToDate ? "UpToDate" : "OutOfDate",
            upToDate ? List.of() : List.of("INTEL-SA-00001"),
            Optional.of(Instant.parse("2024-03-13T00:00:00Z")),
            17,
            Map.of());
    Platform platform =
        new Platform(
            "tdx",
            "intel",
            false,
            tcb,
            new CollateralInfo(
                Optional.of(Instant.parse("2025-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2025-02-01T00:00:00Z")),
                "test"),
            new TdAttributes(true, false, false, false));
    Evidence e =
        Evidence.builder(ID, source.name())
            .platform(platform)
            .measurements(m)
            .reportData("cd".repeat(64))
            .nonce(nonce(ctx))
            .build();
    return new Appraisal(
        e,
        List.of(
            CheckResult.pass("fake.parse", CheckCategory.PARSE, "ok"),
            CheckResult.pass("fake.signature", CheckCategory.SIGNATURE, "signed")));
  }
}
