package dev.teepol.providers.dstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.dstack.sim.SimEvent;
import dev.teepol.providers.tdx.TdxChecks;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dstack provider on simulated nodes: a valid node passes every check, and each defect of the
 * log or its companions fails exactly the checks listed for it.
 */
class DstackSimulatedTest {
  @TempDir Path tmp;

  private final DstackProvider provider = new DstackProvider(new TdxProvider());

  private Appraisal appraise(SimulatedDcap sim, byte[] doc, Optional<byte[]> nonce, Limits limits)
      throws IOException {
    Path dir = Files.createTempDirectory(tmp, "dstack");
    sim.writeTo(dir);
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC),
            TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root())),
            new DirectoryCollateralSource(dir.resolve(CollateralLayout.COLLATERAL_DIR), limits),
            nonce,
            limits);
    EvidenceSource src = new EvidenceSource("sim", doc);
    assertThat(provider.recognizes(src, Limits.DEFAULT)).isTrue();
    return provider.appraise(src, ctx);
  }

  private Appraisal appraise(List<SimEvent> signed, List<SimEvent> shown, String extra)
      throws IOException {
    SimulatedDcap sim = SimDstack.quoteFor(signed).build().generate();
    return appraise(sim, SimDstack.document(sim, shown, extra), Optional.empty(), Limits.DEFAULT);
  }

  private static Set<String> failed(Appraisal a) {
    return a.checks().stream()
        .filter(c -> c.outcome() instanceof Outcome.Fail)
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  private static String describe(Appraisal a) {
    return a.checks().stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.outcome().label() + " " + c.explanation())
        .collect(Collectors.joining("\n  ", "non-passing:\n  ", ""));
  }

  @Test
  void validNodePassesEveryCheckAndBindsItsIdentityByReplay() throws IOException {
    List<SimEvent> log = SimDstack.validLog();
    Appraisal a = appraise(log, log, SimDstack.appComposeMember(SimDstack.APP_COMPOSE));

    assertThat(a.checks())
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + ": " + c.explanation()).isTrue());
    assertThat(a.checks().stream().map(CheckResult::id))
        .contains(
            DstackChecks.INPUT_PARSE,
            DstackChecks.EVENTLOG_PARSE,
            DstackChecks.EVENTLOG_IMR3_RUNTIME_ONLY,
            DstackChecks.EVENTLOG_VERSIONS,
            DstackChecks.EVENTLOG_RUNTIME_DIGESTS,
            DstackChecks.rtmr(0),
            DstackChecks.rtmr(1),
            DstackChecks.rtmr(2),
            DstackChecks.rtmr(3),
            DstackChecks.keyEvent("app-id"),
            DstackChecks.keyEvent("key-provider"),
            DstackChecks.KEY_PROVIDER,
            DstackChecks.COMPOSE_HASH,
            TdxChecks.QUOTE_SIGNATURE);
    assertThat(a.evidence().kind()).isEqualTo("dstack");
    assertThat(a.evidence().workload().composeHash()).isEqualTo(Hex.of(SimDstack.COMPOSE_HASH));
    assertThat(a.evidence().workload().appId()).isEqualTo(Hex.of(SimDstack.APP_ID));
    assertThat(a.evidence().workload().instanceId()).isEqualTo(Hex.of(SimDstack.INSTANCE_ID));
    assertThat(a.evidence().workload().osImageHash()).isEqualTo(Hex.of(SimDstack.OS_IMAGE_HASH));
    assertThat(a.evidence().kms().provider()).isEqualTo("kms");
    assertThat(a.evidence().kms().rootKey()).isEqualTo(SimDstack.KMS_ROOT);
    assertThat(a.evidence().bound())
        .containsEntry("workload.compose_hash", Binding.REPLAY)
        .containsEntry("kms.root_key", Binding.REPLAY)
        .containsEntry("kms.provider", Binding.REPLAY)
        .containsEntry("workload.mr_aggregated", Binding.HARDWARE);
    assertThat(a.evidence().measurements().get("rtmr3_boot"))
        .isEqualTo(Hex.of(SimDstack.rtmrs(log.subList(0, 12))[3]));
    // All of mr_config_id, mr_owner, mr_owner_config are zero: mr_aggregated covers the five
    // registers only.
    byte[][] mr = SimDstack.rtmrs(log);
    byte[] agg =
        sha256(Hex.decode(a.evidence().measurements().get("mrtd")), mr[0], mr[1], mr[2], mr[3]);
    assertThat(a.evidence().workload().mrAggregated()).isEqualTo(Hex.of(agg));
    byte[] sys =
        sha256(
            Hex.decode(a.evidence().measurements().get("mrtd")),
            mr[0],
            mr[1],
            mr[2],
            sha256(SimDstack.KEY_PROVIDER.getBytes(StandardCharsets.UTF_8)));
    assertThat(a.evidence().measurements().get("mr_system")).isEqualTo(Hex.of(sys));
    assertThat(a.genuine()).isTrue();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .as(describe(a))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aLoneSurrogateInAppComposeIsRefusedInsteadOfHashedAsAQuestionMark() throws IOException {
    // The signed compose has a '?'; the shown one has an unpaired surrogate there, which Java's
    // UTF-8
    // encoder writes as '?': the hash of a different document would match (audit item 9).
    String signed =
        "{\"manifest_version\":2,\"name\":\"teepol-sim?\",\"runner\":\"docker-compose\"}";
    List<SimEvent> log = new ArrayList<>(SimDstack.validLog());
    log.replaceAll(
        e ->
            e.name().equals("compose-hash")
                ? SimEvent.runtime("compose-hash", sha256(signed.getBytes(StandardCharsets.UTF_8)))
                : e);
    assertThat(
            appraise(log, log, SimDstack.appComposeMember(signed))
                .check(DstackChecks.COMPOSE_HASH)
                .orElseThrow()
                .passed())
        .as("the signed compose binds")
        .isTrue();

    String shown = SimDstack.appComposeMember(signed).replace("?", "\\ud800");
    Appraisal a = appraise(log, log, shown);
    CheckResult parse = a.check(DstackChecks.INPUT_PARSE).orElseThrow();
    assertThat(parse.outcome()).as(describe(a)).isInstanceOf(Outcome.Fail.class);
    assertThat(parse.explanation()).contains("$.app_compose", "unpaired", "U+D800");
    assertThat(a.evidence().workload().composeHash()).isEmpty();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).allowed()).isFalse();
  }

  enum Defect {
    REORDERED,
    DUPLICATE_KEY_EVENT,
    BOOT_DIGEST_MISMATCH,
    FORGED_RUNTIME_DIGEST,
    PAYLOAD_CHANGED_DIGEST_KEPT,
    NON_RUNTIME_IN_IMR3,
    UNKNOWN_VERSION,
    MISSING_KEY_EVENT,
    COMPOSE_MISMATCH,
    INFO_CONTRADICTS,
    RUNTIME_OUTSIDE_IMR3
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of(Defect.REORDERED, Set.of(DstackChecks.rtmr(3))),
        Arguments.of(Defect.DUPLICATE_KEY_EVENT, Set.of(DstackChecks.keyEvent("compose-hash"))),
        Arguments.of(Defect.BOOT_DIGEST_MISMATCH, Set.of(DstackChecks.rtmr(1))),
        Arguments.of(Defect.FORGED_RUNTIME_DIGEST, Set.of(DstackChecks.EVENTLOG_RUNTIME_DIGESTS)),
        // The supplied digest still matches the register, but it is never used: the recomputation
        // exposes the change.
        Arguments.of(
            Defect.PAYLOAD_CHANGED_DIGEST_KEPT,
            Set.of(
                DstackChecks.rtmr(3),
                DstackChecks.EVENTLOG_RUNTIME_DIGESTS,
                DstackChecks.COMPOSE_HASH)),
        Arguments.of(Defect.NON_RUNTIME_IN_IMR3, Set.of(DstackChecks.EVENTLOG_IMR3_RUNTIME_ONLY)),
        Arguments.of(Defect.UNKNOWN_VERSION, Set.of(DstackChecks.EVENTLOG_VERSIONS)),
        Arguments.of(Defect.MISSING_KEY_EVENT, Set.of(DstackChecks.keyEvent("instance-id"))),
        Arguments.of(Defect.COMPOSE_MISMATCH, Set.of(DstackChecks.COMPOSE_HASH)),
        Arguments.of(Defect.INFO_CONTRADICTS, Set.of(DstackChecks.INFO_CONSISTENT)),
        Arguments.of(Defect.RUNTIME_OUTSIDE_IMR3, Set.of(DstackChecks.EVENTLOG_IMR3_RUNTIME_ONLY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void eachDefectFailsExactlyItsChecks(Defect defect, Set<String> expected) throws IOException {
    List<SimEvent> signed = new ArrayList<>(SimDstack.validLog());
    List<SimEvent> shown;
    String compose = SimDstack.APP_COMPOSE;
    String info = "";
    int composeAt = indexOf(signed, "compose-hash");
    switch (defect) {
      case REORDERED -> {
        shown = new ArrayList<>(signed);
        shown.set(composeAt, signed.get(composeAt - 1));
        shown.set(composeAt - 1, signed.get(composeAt));
      }
      case DUPLICATE_KEY_EVENT -> {
        signed.add(composeAt + 1, SimEvent.runtime("compose-hash", SimDstack.COMPOSE_HASH));
        shown = signed;
      }
      case BOOT_DIGEST_MISMATCH -> {
        shown = new ArrayList<>(signed);
        shown.set(3, signed.get(3).withDigestInLog("ab".repeat(48)));
      }
      case FORGED_RUNTIME_DIGEST -> {
        shown = new ArrayList<>(signed);
        shown.set(composeAt, signed.get(composeAt).withDigestInLog("cd".repeat(48)));
      }
      case PAYLOAD_CHANGED_DIGEST_KEPT -> {
        shown = new ArrayList<>(signed);
        SimEvent real = signed.get(composeAt);
        shown.set(
            composeAt,
            real.withPayloadInLog(sha256("evil compose".getBytes(StandardCharsets.UTF_8)))
                .withDigestInLog(HexFormat.of().formatHex(real.extended())));
      }
      case NON_RUNTIME_IN_IMR3 -> {
        signed.add(SimEvent.boot(3, 0x80000001L, "smuggled"));
        shown = signed;
      }
      case RUNTIME_OUTSIDE_IMR3 -> {
        signed.add(4, SimEvent.runtime("app-id", SimDstack.APP_ID).withImr(1));
        shown = signed;
      }
      case UNKNOWN_VERSION -> {
        shown = new ArrayList<>(signed);
        int at = indexOf(signed, "instance-id");
        shown.set(at, signed.get(at).withVersion(7));
      }
      case MISSING_KEY_EVENT -> {
        signed.remove(indexOf(signed, "instance-id"));
        shown = signed;
      }
      case COMPOSE_MISMATCH -> {
        shown = signed;
        compose = SimDstack.APP_COMPOSE.replace("teepol-sim", "something-else");
      }
      case INFO_CONTRADICTS -> {
        shown = signed;
        info =
            ",\"info\":{\"app_id\":\""
                + "00".repeat(20)
                + "\",\"instance_id\":\""
                + Hex.of(SimDstack.INSTANCE_ID)
                + "\"}";
      }
      default -> throw new IllegalStateException();
    }
    Appraisal a = appraise(signed, shown, SimDstack.appComposeMember(compose) + info);
    assertThat(failed(a)).as(describe(a)).isEqualTo(expected);
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
    if (defect == Defect.UNKNOWN_VERSION) {
      assertThat(a.check(DstackChecks.rtmr(3)).orElseThrow().outcome())
          .isInstanceOf(Outcome.Unevaluable.class);
    }
    if (expected.contains(DstackChecks.rtmr(3)) || defect == Defect.UNKNOWN_VERSION) {
      // Nothing RTMR3 carries may reach the workload when RTMR3 does not replay.
      assertThat(a.evidence().workload().appId()).isEmpty();
      assertThat(a.evidence().kms().rootKey()).isEmpty();
      assertThat(a.evidence().bound()).containsEntry("workload.app_id", Binding.SELF_REPORTED);
    }
  }

  @Test
  void v2JcsRuntimeEventsReplay() throws IOException {
    List<SimEvent> log =
        SimDstack.validLog().stream()
            .map(e -> e.type() == SimEvent.RUNTIME ? SimEvent.runtimeV2(e.name(), e.payload()) : e)
            .toList();
    Appraisal a = appraise(log, log, "");
    assertThat(failed(a)).as(describe(a)).isEmpty();
    assertThat(a.check(DstackChecks.rtmr(3)).orElseThrow().passed()).isTrue();
  }

  @Test
  void v2DigestIsSha384OfTheCanonicalJson() {
    byte[] want =
        SimDstackDigests.sha384(
            "{\"name\":\"compose-hash\",\"payload\":\"abcd\",\"type\":134217729}");
    assertThat(
            RuntimeEventDigest.v2(
                "compose-hash",
                new byte[] {(byte) 0xab, (byte) 0xcd},
                dev.teepol.core.crypto.Digests.sha384()))
        .isEqualTo(want);
    assertThat(RuntimeEventDigest.jcsString("a\"b\\c\n\u0001é"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001é\"");
  }

  @Test
  void mrConfigV1BindsTheComposeHashEvenWithoutAnEventLog() throws IOException {
    SimulatedDcap sim =
        DcapSimulator.builder()
            .mrConfigId(SimDstack.mrConfigV1(SimDstack.COMPOSE_HASH))
            .build()
            .generate();
    String doc =
        "{\"quote\":\""
            + HexFormat.of().formatHex(sim.quote())
            + "\",\"event_log\":null,"
            + SimDstack.appComposeMember(SimDstack.APP_COMPOSE)
            + "}";
    // event_log null is "absent"; the document must still carry the key to be recognized as dstack.
    Appraisal a =
        appraise(sim, doc.getBytes(StandardCharsets.UTF_8), Optional.empty(), Limits.DEFAULT);
    assertThat(a.check(DstackChecks.MR_CONFIG_ID).orElseThrow().outcome()).isEqualTo(Outcome.PASS);
    assertThat(a.evidence().workload().composeHash()).isEqualTo(Hex.of(SimDstack.COMPOSE_HASH));
    assertThat(a.evidence().bound()).containsEntry("workload.compose_hash", Binding.MR_CONFIG);
    assertThat(a.check(DstackChecks.rtmr(3)).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
  }

  @Test
  void mrConfigV1OfAnotherComposeFails() throws IOException {
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap sim =
        SimDstack.quoteFor(log)
            .mrConfigId(SimDstack.mrConfigV1(sha256("other".getBytes(StandardCharsets.UTF_8))))
            .build()
            .generate();
    Appraisal a = appraise(sim, SimDstack.document(sim, log, ""), Optional.empty(), Limits.DEFAULT);
    assertThat(failed(a)).isEqualTo(Set.of(DstackChecks.MR_CONFIG_ID));
  }

  @Test
  void mrConfigV2IsKeccakOfComposeAppIdKindAndKey() throws IOException {
    KeccakDigest k = new KeccakDigest(256);
    byte[] kp = Hex.decode(SimDstack.KMS_ROOT);
    byte[] id = new byte[48];
    id[0] = 2;
    k.update(SimDstack.COMPOSE_HASH, 0, 32);
    k.update(SimDstack.APP_ID, 0, 20);
    k.update((byte) 2);
    k.update(kp, 0, kp.length);
    k.doFinal(id, 1);
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap sim = SimDstack.quoteFor(log).mrConfigId(id).build().generate();
    Appraisal a = appraise(sim, SimDstack.document(sim, log, ""), Optional.empty(), Limits.DEFAULT);
    assertThat(a.check(DstackChecks.MR_CONFIG_ID).orElseThrow().outcome())
        .as(describe(a))
        .isEqualTo(Outcome.PASS);

    id[5] ^= 1;
    SimulatedDcap bad = SimDstack.quoteFor(log).mrConfigId(id).build().generate();
    assertThat(
            failed(
                appraise(bad, SimDstack.document(bad, log, ""), Optional.empty(), Limits.DEFAULT)))
        .isEqualTo(Set.of(DstackChecks.MR_CONFIG_ID));
  }

  @Test
  void nonceIsAcceptedRawOrAsTaggedSha512AndRefusedOtherwise() throws IOException {
    byte[] nonce = sha256("challenge".getBytes(StandardCharsets.UTF_8));
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap raw =
        SimDstack.quoteFor(log).reportData(Arrays.copyOf(nonce, 64)).build().generate();
    Appraisal a =
        appraise(raw, SimDstack.document(raw, log, ""), Optional.of(nonce), Limits.DEFAULT);
    assertThat(a.check(DstackChecks.REPORT_DATA_NONCE).orElseThrow().detail()).contains("raw");
    assertThat(a.evidence().nonce().matches()).isTrue();

    byte[] tagged = sha512(("app-data:").getBytes(StandardCharsets.UTF_8), nonce);
    SimulatedDcap app = SimDstack.quoteFor(log).reportData(tagged).build().generate();
    Appraisal b =
        appraise(app, SimDstack.document(app, log, ""), Optional.of(nonce), Limits.DEFAULT);
    assertThat(b.check(DstackChecks.REPORT_DATA_NONCE).orElseThrow().detail())
        .contains("sha512:app-data");

    Appraisal c =
        appraise(app, SimDstack.document(app, log, ""), Optional.of(sha256(nonce)), Limits.DEFAULT);
    assertThat(failed(c)).isEqualTo(Set.of(DstackChecks.REPORT_DATA_NONCE));
    assertThat(c.evidence().nonce().matches()).isFalse();
  }

  @Test
  void anUnsignedQuoteBindsNothingEvenWhenTheLogReplays() throws IOException {
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap sim =
        SimDstack.quoteFor(log).breakage(Breakage.QUOTE_BAD_SIGNATURE).build().generate();
    Appraisal a = appraise(sim, SimDstack.document(sim, log, ""), Optional.empty(), Limits.DEFAULT);
    assertThat(failed(a)).isEqualTo(Set.of(TdxChecks.QUOTE_SIGNATURE));
    assertThat(a.evidence().workload().composeHash()).isEmpty();
    assertThat(a.evidence().workload().mrAggregated()).isEmpty();
    assertThat(a.evidence().kms().rootKey()).isEmpty();
    assertThat(a.evidence().bound()).containsEntry("workload.compose_hash", Binding.SELF_REPORTED);
  }

  @Test
  void anEventLogOverTheEntryLimitIsRefusedBeforeReplay() throws IOException {
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap sim = SimDstack.quoteFor(log).build().generate();
    Limits small = new Limits(32L << 20, 64 << 10, 8, 1 << 20, 64, 10);
    Appraisal a = appraise(sim, SimDstack.document(sim, log, ""), Optional.empty(), small);
    CheckResult parse = a.check(DstackChecks.EVENTLOG_PARSE).orElseThrow();
    assertThat(parse.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(parse.explanation())
        .contains("event_log")
        .contains("15 entries")
        .contains("limit of 10");
    assertThat(a.check(DstackChecks.rtmr(3)).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
  }

  @Test
  void hostileDocumentsGiveTypedParseFailuresNamingTheField() {
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC));
    String deep = "{\"quote\":\"00\",\"event_log\":" + "[".repeat(200) + "]".repeat(200) + "}";
    for (String[] c :
        new String[][] {
          {"{\"quote\":\"zz\",\"event_log\":[]}", "$.quote"},
          {"{\"quote\":\"" + "00".repeat(70_000) + "\",\"event_log\":[]}", "limit"},
          {deep, "$"},
          {"{\"quote\":\"00\",\"quote\":\"01\",\"event_log\":[]}", "$"},
          {"{\"event_log\":[]}", "$.quote"}
        }) {
      Appraisal a =
          provider.appraise(
              new EvidenceSource("hostile", c[0].getBytes(StandardCharsets.UTF_8)), ctx);
      CheckResult parse = a.check(DstackChecks.INPUT_PARSE).orElseThrow();
      assertThat(parse.outcome())
          .as(c[0].substring(0, Math.min(40, c[0].length())))
          .isInstanceOf(Outcome.Fail.class);
      assertThat(parse.explanation()).contains(c[1]);
      assertThat(a.genuine()).isFalse();
    }
  }

  @Test
  void hostileEventEntriesNameTheirIndex() {
    String[] bad = {
      "[{\"imr\":4,\"event_type\":1,\"digest\":\"" + "00".repeat(48) + "\"}]",
      "[{\"imr\":0,\"event_type\":1,\"digest\":\"00\"}]",
      "[{\"imr\":3,\"event_type\":134217729,\"event\":\"x\",\"event_payload\":\"0g\"}]"
    };
    for (String s : bad) {
      var e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> EventLogParser.parse(jakarta.json.Json.createValue(s), Limits.DEFAULT),
              dev.teepol.core.bytes.ParseException.class);
      assertThat(e).as(s).isNotNull();
      assertThat(e.field()).startsWith("event_log[0]");
    }
  }

  private static int indexOf(List<SimEvent> log, String name) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  static byte[] sha512(byte[]... parts) {
    return digest("SHA-512", parts);
  }

  private static byte[] digest(String alg, byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance(alg);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keeps the known-answer test independent of the provider's digest helpers. */
  static final class SimDstackDigests {
    static byte[] sha384(String s) {
      return digest("SHA-384", s.getBytes(StandardCharsets.UTF_8));
    }
  }
}
