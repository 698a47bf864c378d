package dev.teepol.providers.dstack;

import java.util.List;
import java.util.Locale;

/**
 * Stable ids of the dstack provider's checks (docs/providers/dstack.md). The quote's own checks
 * keep their {@code tdx.*} ids. Renaming an id is a breaking change for policies.
 */
public final class DstackChecks {
  /** The document decodes: JSON within the limits, a hex quote. PARSE. */
  public static final String INPUT_PARSE = "dstack.input.parse";

  /**
   * The event log decodes: entry count within the limit, IMR 0..3, 48-byte boot digests, hex
   * payloads. PARSE.
   */
  public static final String EVENTLOG_PARSE = "dstack.eventlog.parse";

  /**
   * Every IMR 3 event is a runtime event (0x08000001) and every runtime event is in IMR 3. BINDING.
   */
  public static final String EVENTLOG_IMR3_RUNTIME_ONLY = "dstack.eventlog.imr3_runtime_only";

  /** Every runtime event has a version whose digest this verifier can recompute (1 or 2). PARSE. */
  public static final String EVENTLOG_VERSIONS = "dstack.eventlog.versions";

  /** Runtime events that carry a digest carry the one recomputed from name and payload. BINDING. */
  public static final String EVENTLOG_RUNTIME_DIGESTS = "dstack.eventlog.runtime_digests";

  /** The key-provider payload is {"name", "id": hex}. PARSE. */
  public static final String KEY_PROVIDER = "dstack.key_provider.parse";

  /** SHA-256 of the exact app_compose string equals the compose-hash event. BINDING. */
  public static final String COMPOSE_HASH = "dstack.compose_hash.app_compose";

  /** A non-zero mr_config_id is the v1/v2/v3 encoding of the attested identity. BINDING. */
  public static final String MR_CONFIG_ID = "dstack.mr_config_id";

  /** What info/tcb_info/vm_config state agrees with the quote and the replayed log. BINDING. */
  public static final String INFO_CONSISTENT = "dstack.info.consistent";

  /** report_data commits to the caller's nonce, raw or as sha512("app-data:" nonce). BINDING. */
  public static final String REPORT_DATA_NONCE = "dstack.report_data.nonce";

  /** Identity events that must appear exactly once in RTMR3, in log order of a dstack boot. */
  public static final List<String> KEY_EVENTS =
      List.of("app-id", "compose-hash", "instance-id", "os-image-hash", "key-provider");

  /**
   * Key events older dstack images do not emit: before os-image-hash existed the OS was measured
   * only through MRTD/RTMR0-2 (the real dstack verifier fixture in the corpus is such an image).
   * Absent, they bind nothing (so a policy pinning them fails); present twice, they still FAIL.
   */
  public static final java.util.Set<String> OPTIONAL_KEY_EVENTS = java.util.Set.of("os-image-hash");

  private DstackChecks() {}

  /**
   * {@code dstack.rtmr0.replay} .. {@code dstack.rtmr3.replay}: the replayed register equals the
   * quote's. BINDING.
   */
  public static String rtmr(int i) {
    return "dstack.rtmr" + i + ".replay";
  }

  /**
   * {@code dstack.event.app_id} etc.: the key event appears exactly once among RTMR3 runtime
   * events. BINDING.
   */
  public static String keyEvent(String name) {
    return "dstack.event." + name.replace('-', '_').toLowerCase(Locale.ROOT);
  }
}
