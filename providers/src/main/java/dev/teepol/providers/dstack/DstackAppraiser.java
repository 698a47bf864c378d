package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Kms;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.ReportDataConventions;
import dev.teepol.core.evidence.Workload;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.VerifiedQuote;
import dev.teepol.providers.tdx.abi.TdReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies one dstack node: the TDX quote (through {@link TdxProvider}), the event-log replay of
 * RTMR0..3, the identity events, app_compose and mr_config_id, and what info documents state.
 * Identity values reach {@code evidence.workload}/{@code kms} only when the quote is signed and the
 * register that carries them replays; otherwise they are labelled self_reported. The NEAR provider
 * runs this for every node of a report.
 */
public final class DstackAppraiser {
  private final TdxProvider tdx;

  public DstackAppraiser(TdxProvider tdx) {
    this.tdx = tdx;
  }

  /** The TDX provider the quotes are verified with. */
  public TdxProvider tdx() {
    return tdx;
  }

  /**
   * One node's appraisal and the verified quote it rests on, for a provider that adds its own
   * bindings on top (NEAR binds a signing key and a nonce into report_data).
   */
  public record DstackAppraisal(Appraisal appraisal, VerifiedQuote quote) {}

  public DstackAppraisal appraise(
      String subject, String kind, DstackDocument doc, AppraisalContext ctx) {
    // The quote is verified without a nonce check: a dstack app's nonce convention is not raw
    // report_data, so this appraiser checks the nonce itself (nonceCheck).
    VerifiedQuote quote = tdx.verify(subject + "#quote", doc.quote(), ctx);
    Node n = new Node(doc, quote, ctx);
    n.run();
    // Replay and bindings are pure functions of the document: only the quote's checks age.
    return new DstackAppraisal(
        new Appraisal(n.evidence(subject, kind), n.checks).withValidUntilOf(quote.appraisal()),
        quote);
  }

  /** The state of one appraisal while its checks run. */
  private static final class Node {
    final DstackDocument doc;
    final VerifiedQuote quote;
    final AppraisalContext ctx;
    final List<CheckResult> checks;

    /**
     * The TD report, when the quote decoded as a TDX quote: the registers the log must replay to.
     */
    final Optional<TdReport> td;

    final boolean haveQuote;
    final boolean signed;
    final Map<String, String> extraMeasurements = new LinkedHashMap<>();
    final Map<String, Binding> bound = new LinkedHashMap<>();
    final Map<String, String> workload = new HashMap<>();
    List<DstackEvent> events;
    RtmrReplay replay;
    boolean rtmr3Replays;
    final Map<String, byte[]> uniqueKeyEvents = new HashMap<>();
    Optional<KeyProvider> keyProvider = Optional.empty();
    Kms kms = Kms.NONE;
    NonceInfo nonce = NonceInfo.NONE;
    Optional<byte[]> mrAggregated = Optional.empty();

    Node(DstackDocument doc, VerifiedQuote quote, AppraisalContext ctx) {
      this.doc = doc;
      this.quote = quote;
      this.ctx = ctx;
      this.checks = new ArrayList<>(quote.checks());
      this.td = quote.tdReport();
      this.haveQuote = td.isPresent();
      this.signed = haveQuote && quote.authentic();
    }

    void run() {
      parseEventLog();
      if (events != null) {
        structureChecks();
        replayChecks();
        keyEventChecks();
      }
      composeHashCheck();
      mrConfigCheck();
      derived();
      infoCheck();
      nonceCheck();
    }

    private void add(String id, CheckCategory cat, Outcome o, String detail) {
      checks.add(new CheckResult(id, cat, o, o.passed() ? detail : ""));
    }

    private void parseEventLog() {
      if (doc.eventLog().isEmpty()) {
        String why = "the evidence carries no event log, so no RTMR can be replayed";
        add(DstackChecks.EVENTLOG_PARSE, CheckCategory.PARSE, Outcome.unevaluable(why), "");
        for (int i = 0; i < 4; i++) {
          add(DstackChecks.rtmr(i), CheckCategory.BINDING, Outcome.unevaluable(why), "");
        }
        for (String k : DstackChecks.KEY_EVENTS) {
          add(DstackChecks.keyEvent(k), CheckCategory.BINDING, Outcome.unevaluable(why), "");
        }
        return;
      }
      try {
        events = EventLogParser.parse(doc.eventLog().get(), ctx.limits());
        add(
            DstackChecks.EVENTLOG_PARSE,
            CheckCategory.PARSE,
            Outcome.PASS,
            events.size() + " events");
      } catch (ParseException e) {
        add(DstackChecks.EVENTLOG_PARSE, CheckCategory.PARSE, Outcome.fail(e.getMessage()), "");
        String why = "the event log does not decode";
        for (int i = 0; i < 4; i++) {
          add(DstackChecks.rtmr(i), CheckCategory.BINDING, Outcome.unevaluable(why), "");
        }
        for (String k : DstackChecks.KEY_EVENTS) {
          add(DstackChecks.keyEvent(k), CheckCategory.BINDING, Outcome.unevaluable(why), "");
        }
      }
    }

    private void structureChecks() {
      List<String> misplaced = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (DstackEvent e : events) {
        if ((e.imr() == 3) != e.isRuntime()) {
          misplaced.add(
              "#"
                  + e.index()
                  + " (imr "
                  + e.imr()
                  + ", type 0x"
                  + Long.toHexString(e.eventType())
                  + ")");
        }
        if (e.isRuntime() && !e.knownVersion()) {
          unknown.add("#" + e.index() + " '" + e.name() + "' version " + e.version());
        }
      }
      add(
          DstackChecks.EVENTLOG_IMR3_RUNTIME_ONLY,
          CheckCategory.BINDING,
          misplaced.isEmpty()
              ? Outcome.PASS
              : Outcome.fail("events not where dstack puts them: " + shortList(misplaced)),
          "RTMR3 holds only runtime events");
      add(
          DstackChecks.EVENTLOG_VERSIONS,
          CheckCategory.PARSE,
          unknown.isEmpty()
              ? Outcome.PASS
              : Outcome.fail("runtime events of unknown version: " + shortList(unknown)),
          "runtime event versions known");
    }

    private void replayChecks() {
      replay = RtmrReplay.of(events);
      add(
          DstackChecks.EVENTLOG_RUNTIME_DIGESTS,
          CheckCategory.BINDING,
          replay.runtimeDigestMismatches().isEmpty()
              ? Outcome.PASS
              : Outcome.fail(
                  "supplied digests differ from the ones recomputed from name and payload at events "
                      + shortList(
                          replay.runtimeDigestMismatches().stream().map(i -> "#" + i).toList())),
          "runtime event digests recomputed from name and payload");
      for (int i = 0; i < 4; i++) {
        String id = DstackChecks.rtmr(i);
        byte[] got = replay.rtmrs().get(i);
        if (!haveQuote) {
          add(
              id,
              CheckCategory.BINDING,
              Outcome.unevaluable("the quote did not decode: no register to compare with"),
              "");
        } else if (i == 3 && !replay.rtmr3Computable()) {
          add(
              id,
              CheckCategory.BINDING,
              Outcome.unevaluable("a runtime event of unknown version cannot be recomputed"),
              "");
        } else {
          byte[] want = td.get().rtmr(i);
          boolean ok = MessageDigest.isEqual(want, got);
          add(
              id,
              CheckCategory.BINDING,
              ok
                  ? Outcome.PASS
                  : Outcome.fail(
                      "replayed "
                          + Hex.abbreviate(Hex.of(got))
                          + ", the quote has "
                          + Hex.abbreviate(Hex.of(want))),
              "replays to " + Hex.abbreviate(Hex.of(got)));
          if (i == 3) {
            rtmr3Replays = ok;
          }
        }
      }
    }

    private void keyEventChecks() {
      Map<String, List<DstackEvent>> byName = new HashMap<>();
      for (DstackEvent e : events) {
        if (e.imr() == 3 && e.isRuntime()) {
          byName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
        }
      }
      for (String k : DstackChecks.KEY_EVENTS) {
        List<DstackEvent> found = byName.getOrDefault(k, List.of());
        Outcome o;
        if (found.size() == 1) {
          o = Outcome.PASS;
          uniqueKeyEvents.put(k, found.get(0).payload());
        } else if (found.isEmpty() && DstackChecks.OPTIONAL_KEY_EVENTS.contains(k)) {
          add(
              DstackChecks.keyEvent(k),
              CheckCategory.BINDING,
              Outcome.PASS,
              "absent (image predates the event): not bound by replay; pin the OS through MRTD/RTMR0-2");
          continue;
        } else if (found.isEmpty()) {
          o =
              Outcome.fail(
                  "no '" + k + "' event in RTMR3: the identity it carries is not measured");
        } else {
          o =
              Outcome.fail(
                  "'"
                      + k
                      + "' appears "
                      + found.size()
                      + " times (events "
                      + shortList(found.stream().map(e -> "#" + e.index()).toList())
                      + "): the measured identity is ambiguous");
        }
        add(DstackChecks.keyEvent(k), CheckCategory.BINDING, o, "exactly once");
      }
      Optional.ofNullable(uniqueKeyEvents.get("key-provider"))
          .ifPresent(
              p -> {
                try {
                  keyProvider = Optional.of(KeyProvider.parse(p, ctx.limits()));
                  add(
                      DstackChecks.KEY_PROVIDER,
                      CheckCategory.PARSE,
                      Outcome.PASS,
                      keyProvider.get().name());
                } catch (ParseException e) {
                  add(
                      DstackChecks.KEY_PROVIDER,
                      CheckCategory.PARSE,
                      Outcome.fail(e.getMessage()),
                      "");
                }
              });
    }

    private Optional<byte[]> composeFromApp() {
      return doc.appCompose().map(s -> Digests.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    private void composeHashCheck() {
      Optional<byte[]> fromApp = composeFromApp();
      Optional<byte[]> fromEvent = Optional.ofNullable(uniqueKeyEvents.get("compose-hash"));
      Outcome o;
      if (fromApp.isEmpty()) {
        o =
            Outcome.unevaluable(
                "no app_compose in the evidence: the compose hash cannot be recomputed");
      } else if (fromEvent.isEmpty()) {
        o =
            Outcome.unevaluable(
                "no single compose-hash event to compare SHA-256(app_compose) with");
      } else if (MessageDigest.isEqual(fromApp.get(), fromEvent.get())) {
        o = Outcome.PASS;
      } else {
        o =
            Outcome.fail(
                "SHA-256(app_compose) = "
                    + Hex.abbreviate(Hex.of(fromApp.get()))
                    + " but the compose-hash event is "
                    + Hex.abbreviate(Hex.of(fromEvent.get())));
      }
      add(
          DstackChecks.COMPOSE_HASH,
          CheckCategory.BINDING,
          o,
          "SHA-256(app_compose) = compose-hash event");
    }

    private void mrConfigCheck() {
      if (!haveQuote) {
        return;
      }
      byte[] id = td.get().mrConfigId();
      // An all-zero MRCONFIGID means the host bound nothing there; the identity then rests on RTMR3
      // alone.
      if (MrConfigId.isZero(id)) {
        return;
      }
      Optional<byte[]> compose =
          Optional.ofNullable(uniqueKeyEvents.get("compose-hash")).or(this::composeFromApp);
      MrConfigId.Identity who =
          new MrConfigId.Identity(
              compose,
              Optional.ofNullable(uniqueKeyEvents.get("app-id")),
              Optional.ofNullable(uniqueKeyEvents.get("instance-id")),
              keyProvider);
      MrConfigId.Match v = MrConfigId.verify(id, who, doc.mrConfigDocument(), ctx.limits());
      add(DstackChecks.MR_CONFIG_ID, CheckCategory.BINDING, v.outcome(), v.detail());
      if (v.outcome().passed() && signed && v.bindsComposeHash() && compose.isPresent()) {
        workload.putIfAbsent("compose_hash", Hex.of(compose.get()));
        bound.putIfAbsent("workload.compose_hash", Binding.MR_CONFIG);
      }
    }

    private void derived() {
      boolean replayBound = signed && rtmr3Replays;
      putBound("app_id", "app-id", replayBound);
      putBound("compose_hash", "compose-hash", replayBound);
      putBound("instance_id", "instance-id", replayBound);
      putBound("os_image_hash", "os-image-hash", replayBound);
      if (replayBound && keyProvider.isPresent()) {
        kms = new Kms(keyProvider.get().name(), keyProvider.get().idHex());
        bound.put("kms.provider", Binding.REPLAY);
        bound.put("kms.root_key", Binding.REPLAY);
      } else if (doc.info().get("key_provider_info").isPresent() || keyProvider.isPresent()) {
        // bound paths name evidence fields, as pins look them up (kms.root_key), never a section
        bound.putIfAbsent("kms.provider", Binding.SELF_REPORTED);
        bound.putIfAbsent("kms.root_key", Binding.SELF_REPORTED);
      }
      if (replayBound) {
        replay
            .rtmr3AtBootDone()
            .ifPresent(
                b -> {
                  extraMeasurements.put("rtmr3_boot", Hex.of(b));
                  bound.put("measurements.rtmr3_boot", Binding.REPLAY);
                });
        mrAggregated = Optional.of(mrAggregated());
        workload.put("mr_aggregated", Hex.of(mrAggregated.get()));
        bound.put("workload.mr_aggregated", Binding.HARDWARE);
        Optional.ofNullable(uniqueKeyEvents.get("key-provider"))
            .filter(x -> keyProvider.isPresent())
            .ifPresent(
                kp -> {
                  extraMeasurements.put("mr_system", Hex.of(mrSystem(kp)));
                  bound.put("measurements.mr_system", Binding.REPLAY);
                });
      }
    }

    private void putBound(String field, String event, boolean replayBound) {
      byte[] v = uniqueKeyEvents.get(event);
      String path = "workload." + field;
      if (replayBound && v != null) {
        workload.put(field, Hex.of(v));
        bound.put(path, Binding.REPLAY);
      } else if (!bound.containsKey(path) && (v != null || doc.info().get(field).isPresent())) {
        bound.put(path, Binding.SELF_REPORTED);
      }
    }

    /**
     * sha256(mrtd ‖ rtmr0..3 [‖ mr_config_id ‖ mr_owner ‖ mr_owner_config when any is non-zero]).
     */
    private byte[] mrAggregated() {
      TdReport r = td.get();
      MessageDigest md = Digests.sha256();
      md.update(r.mrTd());
      for (int i = 0; i < TdReport.RTMR_COUNT; i++) {
        md.update(r.rtmr(i));
      }
      byte[] cfg = r.mrConfigId();
      byte[] owner = r.mrOwner();
      byte[] ownerCfg = r.mrOwnerConfig();
      if (!MrConfigId.isZero(cfg) || !MrConfigId.isZero(owner) || !MrConfigId.isZero(ownerCfg)) {
        md.update(cfg);
        md.update(owner);
        md.update(ownerCfg);
      }
      return md.digest();
    }

    /**
     * sha256(mrtd ‖ rtmr0 ‖ rtmr1 ‖ rtmr2 ‖ sha256(key_provider_info)): the OS and KMS, not the
     * app.
     */
    private byte[] mrSystem(byte[] keyProviderInfo) {
      byte[] kp = Digests.sha256(keyProviderInfo);
      TdReport r = td.get();
      MessageDigest md = Digests.sha256();
      md.update(r.mrTd());
      for (int i = 0; i < 3; i++) {
        md.update(r.rtmr(i));
      }
      md.update(kp);
      return md.digest();
    }

    private void infoCheck() {
      Map<String, String> stated = new LinkedHashMap<>(doc.info().fields());
      // vm_config's os_image_hash is not compared: in dstack 0.6 "lite" it is the digest of the
      // image
      // files (verified by downloading them), not the payload of the os-image-hash event.
      Map<String, String> actual = new LinkedHashMap<>();
      Map<String, String> events = new LinkedHashMap<>();
      uniqueKeyEvents.forEach((k, v) -> events.put(k, Hex.of(v)));
      put(actual, "app_id", events.get("app-id"));
      put(actual, "instance_id", events.get("instance-id"));
      put(
          actual,
          "compose_hash",
          events.getOrDefault("compose-hash", composeFromApp().map(Hex::of).orElse(null)));
      put(actual, "tcb_info.compose_hash", actual.get("compose_hash"));
      put(actual, "os_image_hash", events.get("os-image-hash"));
      put(actual, "tcb_info.os_image_hash", events.get("os-image-hash"));
      Optional.ofNullable(uniqueKeyEvents.get("key-provider"))
          .ifPresent(p -> actual.put("key_provider_info", new String(p, StandardCharsets.UTF_8)));
      mrAggregated.ifPresent(m -> actual.put("mr_aggregated", Hex.of(m)));
      td.ifPresent(
          r -> {
            actual.put("tcb_info.mrtd", Hex.of(r.mrTd()));
            for (int i = 0; i < TdReport.RTMR_COUNT; i++) {
              actual.put("tcb_info.rtmr" + i, Hex.of(r.rtmr(i)));
            }
          });
      List<String> compared = new ArrayList<>();
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, String> e : stated.entrySet()) {
        String have = actual.get(e.getKey());
        if (have == null) {
          continue;
        }
        compared.add(e.getKey());
        boolean same =
            e.getKey().equals("key_provider_info")
                ? have.equals(e.getValue())
                : have.equalsIgnoreCase(e.getValue());
        if (!same) {
          wrong.add(
              e.getKey()
                  + " states "
                  + Hex.abbreviate(e.getValue())
                  + " but the evidence gives "
                  + Hex.abbreviate(have));
        }
      }
      if (compared.isEmpty()) {
        return;
      }
      add(
          DstackChecks.INFO_CONSISTENT,
          CheckCategory.BINDING,
          wrong.isEmpty()
              ? Outcome.PASS
              : Outcome.fail(
                  "the self-reported info contradicts the evidence: " + shortList(wrong)),
          "agrees on " + compared);
    }

    private void nonceCheck() {
      if (ctx.expectedNonce().isEmpty()) {
        return;
      }
      byte[] expected = ctx.expectedNonce().get();
      if (!haveQuote) {
        nonce = NonceInfo.supplied(expected, false);
        add(
            DstackChecks.REPORT_DATA_NONCE,
            CheckCategory.BINDING,
            Outcome.unevaluable("the quote did not decode"),
            "");
        return;
      }
      Optional<String> how = ReportDataConventions.match(td.get().reportData(), expected);
      nonce = NonceInfo.supplied(expected, how.isPresent());
      add(
          DstackChecks.REPORT_DATA_NONCE,
          CheckCategory.BINDING,
          how.isPresent()
              ? Outcome.PASS
              : Outcome.fail(
                  "report_data commits to the nonce neither raw nor as sha512(\"app-data:\" nonce)"),
          "report_data = " + how.orElse("") + "(nonce)");
    }

    Evidence evidence(String subject, String kind) {
      Evidence q = quote.appraisal().evidence();
      Map<String, String> m = new LinkedHashMap<>(q.measurements());
      m.putAll(extraMeasurements);
      Map<String, Binding> b = new LinkedHashMap<>(q.bound());
      b.putAll(bound);
      Workload w =
          new Workload(
              workload.getOrDefault("app_id", ""),
              workload.getOrDefault("compose_hash", ""),
              workload.getOrDefault("instance_id", ""),
              "",
              workload.getOrDefault("os_image_hash", ""),
              workload.getOrDefault("mr_aggregated", ""),
              List.of());
      return Evidence.builder(kind, subject)
          .platform(q.platform())
          .measurements(m)
          .reportData(q.reportData())
          .workload(w)
          .kms(kms)
          .nonce(nonce)
          .bound(b)
          .build();
    }
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  static String shortList(List<String> items) {
    return items.size() <= 6
        ? items.toString()
        : items.subList(0, 6) + " and " + (items.size() - 6) + " more";
  }
}
