package dev.teepol.providers.dstack;

/**
 * One entry of a dstack event log ({@code cc-eventlog TdxEvent}). {@code imr} is 0-based
 * (RTMR0..3). {@code suppliedDigest} is what the log claims and is never used for runtime events,
 * whose digest is recomputed from {@code name} and {@code payload}.
 *
 * @param index position in the log, for messages
 * @param version 1 for the name‖payload digest, 2 for the JCS digest; other values are unknown
 */
public record DstackEvent(
    int index,
    int imr,
    long eventType,
    byte[] suppliedDigest,
    String name,
    byte[] payload,
    int version) {
  /** dstack's runtime event type (0x08000001), the only kind that belongs in RTMR3. */
  public static final long RUNTIME_EVENT_TYPE = 0x08000001L;

  public static final int V1 = 1;
  public static final int V2 = 2;

  public boolean isRuntime() {
    return eventType == RUNTIME_EVENT_TYPE;
  }

  public boolean knownVersion() {
    return version == V1 || version == V2;
  }

  @Override
  public byte[] suppliedDigest() {
    return suppliedDigest.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  byte[] payloadRef() {
    return payload;
  }

  byte[] suppliedDigestRef() {
    return suppliedDigest;
  }
}
