package dev.teepol.verifier.concurrency;

import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.mock.SimMock;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Mixed evidence for every provider, valid, tampered and malformed, verified by one shared {@link
 * TeepolVerifier} (the concurrency test and the throughput benchmark).
 *
 * <p>Each input carries its own verification instant: the corpus cases and the simulators are valid
 * at different times, and a verifier has one clock. {@link PerCallClock} answers the instant the
 * calling thread set before {@code verify}; the verifier reads its clock once per call, on that
 * thread, so the instant cannot leak between threads.
 */
public final class MixedEvidence {
  private MixedEvidence() {}

  /** What the input is meant to exercise. */
  public enum Kind {
    VALID,
    TAMPERED,
    MALFORMED
  }

  /** One verification: the bytes (or, for a Sigstore release, the folder in the options). */
  public record Input(
      String name, Kind kind, byte[] evidence, VerifyOptions options, Instant at, boolean release) {

    /**
     * Verifies with {@code v} at this input's instant and renders the report while that instant is
     * set (a result reads the verifier's clock lazily, once, when first asked for the time).
     */
    public Verified verify(TeepolVerifier v) {
      PerCallClock.NOW.set(at);
      try {
        VerificationResult r = release ? v.verifyReleases(options) : v.verify(evidence, options);
        return new Verified(r, r.toJson());
      } finally {
        PerCallClock.NOW.remove();
      }
    }
  }

  /**
   * A result and its whole report (decision, every check with its outcome and reason, outputs),
   * which is what two verifications of the same input must agree on.
   */
  public record Verified(VerificationResult result, String report) {}

  /** A clock that answers the instant the calling thread set; refuses to answer otherwise. */
  public static final class PerCallClock extends Clock {
    static final ThreadLocal<Instant> NOW = new ThreadLocal<>();

    /** The instant this thread's next verifications read. */
    public static void set(Instant at) {
      NOW.set(at);
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
      Instant i = NOW.get();
      if (i == null) {
        throw new IllegalStateException("the clock was read outside a verification");
      }
      return i;
    }
  }

  static final SimulatedTpm TPM = TpmSimulator.builder().build().generate();

  /** The corpus root, or empty when the shared corpus is absent (simulated inputs only). */
  static Optional<Path> corpus() {
    String prop = System.getProperty("teepol.corpus.dir");
    return prop == null || !Files.isDirectory(Path.of(prop))
        ? Optional.empty()
        : Optional.of(Path.of(prop));
  }

  /**
   * One verifier for every input: strict policy, the real Intel collateral of one corpus case, the
   * AMD certificates of another, Google's optional vTPM bundles, the simulated TPM's AK CA and the
   * mock key. Inputs whose material is elsewhere get a deterministic DENY, which is what a shared
   * verifier sees in production too.
   */
  public static TeepolVerifier verifier() {
    TeepolVerifier.Builder b =
        TeepolVerifier.builder()
            .clock(new PerCallClock())
            .mockKey(SimMock.KEY)
            // Declared: undetected, a private AK CA would stand in for every provider's root.
            .trustAnchor(dev.teepol.core.spi.TrustAnchors.TPM_AK_ROOT, TPM.akCaRoot());
    TrustAnchors.bundleNames().forEach(b::trustBundle);
    corpus()
        .ifPresent(
            c -> {
              b.collateralDirectory(c.resolve("tdx/dcapqvl-tdx-v4-uptodate/collateral"));
              b.amdCertificates(c.resolve("sev-snp/gosev-milan-v2-no-idblock"));
            });
    return b.build();
  }

  /** Every input: valid evidence and, derived from each, tampered and malformed copies. */
  public static List<Input> all() {
    List<Input> valid = new ArrayList<>();
    simulated(valid);
    corpus().ifPresent(c -> real(c, valid));
    List<Input> all = new ArrayList<>(valid);
    Random random = new Random(16);
    for (Input in : valid) {
      if (in.release()) {
        continue;
      }
      byte[] e = in.evidence();
      all.add(derived(in, Kind.TAMPERED, "flip-middle", flip(e, e.length / 2, random)));
      // Three quarters in, not the very end: a quote may carry unsigned trailing bytes that the
      // format ignores (the real v4 quote has 70), and changing those is no tampering.
      all.add(derived(in, Kind.TAMPERED, "flip-late", flip(e, e.length * 3 / 4, random)));
      all.add(derived(in, Kind.MALFORMED, "half", Arrays.copyOf(e, e.length / 2)));
      byte[] junk = e.clone();
      for (int i = 0; i < Math.min(64, junk.length); i++) {
        junk[random.nextInt(junk.length)] = (byte) random.nextInt(256);
      }
      all.add(derived(in, Kind.MALFORMED, "junk", junk));
    }
    Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    all.add(raw("empty", new byte[0], epoch));
    all.add(raw("brace", "{".getBytes(StandardCharsets.US_ASCII), epoch));
    all.add(raw("deep-json", ("[".repeat(5000)).getBytes(StandardCharsets.US_ASCII), epoch));
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    all.add(raw("noise", noise, epoch));
    return List.copyOf(all);
  }

  private static Input raw(String name, byte[] bytes, Instant at) {
    return new Input(
        "malformed/" + name,
        Kind.MALFORMED,
        bytes,
        VerifyOptions.builder().name(name).build(),
        at,
        false);
  }

  private static Input derived(Input from, Kind kind, String how, byte[] bytes) {
    return new Input(from.name() + "/" + how, kind, bytes, from.options(), from.at(), false);
  }

  /** Changes one byte at or after {@code from}, keeping text text (a different letter or digit). */
  private static byte[] flip(byte[] e, int from, Random random) {
    byte[] copy = e.clone();
    if (copy.length == 0) {
      return copy;
    }
    for (int i = from; i < copy.length; i++) {
      int c = copy[i] & 0xff;
      if (Character.isLetterOrDigit(c)) {
        copy[i] = (byte) (c == 'A' ? 'B' : c == '0' ? '1' : (c == 'a' ? 'b' : c - 1));
        return copy;
      }
    }
    copy[from] ^= (byte) (1 + random.nextInt(255));
    return copy;
  }

  private static void simulated(List<Input> out) {
    out.add(
        new Input(
            "sim/mock",
            Kind.VALID,
            SimMock.answer(),
            VerifyOptions.builder().name("answer.json").nonce(SimMock.NONCE).build(),
            SimMock.ISSUED.plusSeconds(10),
            false));
    out.add(
        new Input(
            "sim/tpm",
            Kind.VALID,
            TPM.attestation(),
            VerifyOptions.builder().name("attestation.bin").nonce(TPM.nonce()).build(),
            TpmSimulator.VERIFY_AT,
            false));
    // The simulated SNP chain ends at the test ARK, not AMD's: always DENY here, deterministically.
    out.add(
        new Input(
            "sim/sev-snp",
            Kind.TAMPERED,
            SimSnp.builder().build().report(),
            VerifyOptions.builder().name("report.bin").build(),
            SimSnp.VERIFY_AT,
            false));
  }

  private static void real(Path c, List<Input> out) {
    file(out, c, "tdx/dcapqvl-tdx-v4-uptodate", "quote.bin");
    file(out, c, "tdx/gotdx-tdx-v5-uptodate", "quote.bin");
    file(out, c, "tdx/tinfoil-tdx-v4-attestation-doc", "tinfoil_attestation.json");
    file(out, c, "dstack/dstack-tdx-lite-getquote", "tdx-lite-attestation.json");
    file(out, c, "dstack/dstack-verifier-quote-report", "quote-report.json");
    file(out, c, "near/near-direct-qwen35-20260629", "attestation_report.json.gz");
    file(out, c, "nras/teep-tinfoil-gemma4-h100-eat", "nras_attest_gpu_response.json");
    file(
        out, c, "nras/private-ml-sdk-eat-samples-kid-unavailable", "nras_response_single_gpu.json");
    file(out, c, "sev-snp/gosev-milan-v2-no-idblock", "report.bin");
    file(out, c, "sev-snp/dstack-snp-milan-scale-v0", "attestation.bin");
    file(out, c, "sev-snp/teep-tinfoil-genoa-v3-capture", "tinfoil_attestation.json");
    file(out, c, "tpm/gce-cos85-nonce9009", "attestation.pb");
    file(out, c, "confidential-space/oak-ctf-sha2-intel-tdx-jwt", "token.jwt");
    file(out, c, "confidential-space/oak-gcp-amd-sev-valid-jwt", "token.jwt");
    file(out, c, "tinfoil/router-snp-genoa-with-release", "tinfoil_attestation.json");
    file(out, c, "sigstore/tinfoil-model-router-release", "bundle.sigstore.json");
    Path release = c.resolve("sigstore/tinfoil-hardware-measurements-release");
    out.add(
        new Input(
            "sigstore/tinfoil-hardware-measurements-release",
            Kind.VALID,
            new byte[0],
            VerifyOptions.builder().name("bundle.sigstore.json").release(release).build(),
            at(expected(release)),
            true));
  }

  /** A corpus evidence file with its case's instant, nonce, audience, NRAS and release folders. */
  private static void file(List<Input> out, Path corpus, String caseName, String file) {
    Path dir = corpus.resolve(caseName);
    JsonObject e = expected(dir);
    VerifyOptions.Builder o = VerifyOptions.builder().name(file);
    Stream.of("request_nonce", "expected_eat_nonce", "nonce")
        .filter(k -> e.containsKey(k) && e.get(k) instanceof jakarta.json.JsonString)
        .findFirst()
        .ifPresent(k -> nonce(e.getString(k)).ifPresent(o::nonce));
    if (e.containsKey("expected_audience")) {
      o.audience(e.getString("expected_audience"));
    }
    Path nras = dir.resolve("nras");
    o.nrasDirectory(Files.isDirectory(nras) ? nras : dir);
    Path releases = dir.resolve("releases");
    if (Files.isDirectory(releases)) {
      try (Stream<Path> s = Files.list(releases)) {
        s.sorted().forEach(o::release);
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }
    try {
      out.add(
          new Input(
              caseName,
              Kind.VALID,
              Files.readAllBytes(dir.resolve(file)),
              o.build(),
              at(e),
              false));
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private static Optional<byte[]> nonce(String s) {
    try {
      byte[] b = HexFormat.of().parseHex(s);
      return b.length == 0 || b.length > VerifyOptions.MAX_NONCE_BYTES
          ? Optional.empty()
          : Optional.of(b);
    } catch (IllegalArgumentException notHex) {
      return Optional.of(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The case's verification instant; a case without one is verified at the corpus' capture date.
   */
  private static Instant at(JsonObject e) {
    if (e.get("verify_at_unix") instanceof jakarta.json.JsonNumber n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    if (e.get("verify_at") instanceof jakarta.json.JsonString s) {
      try {
        return Instant.parse(s.getString());
      } catch (java.time.format.DateTimeParseException notAnInstant) {
        // fall through
      }
    }
    return Instant.parse("2026-06-29T00:00:00Z");
  }

  private static JsonObject expected(Path dir) {
    try (JsonReader r =
        Json.createReader(new StringReader(Files.readString(dir.resolve("expected.json"))))) {
      return r.readObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
