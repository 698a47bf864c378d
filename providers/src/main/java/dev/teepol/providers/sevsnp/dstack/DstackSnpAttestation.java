package dev.teepol.providers.sevsnp.dstack;

import java.util.List;

/**
 * dstack's SEV-SNP attestation, {@code VersionedAttestation::V0} (SCALE; wire-formats §4.2.1): the
 * report, the certificate blobs the guest attached, the MrConfigV3 document HOST_DATA commits to,
 * the runtime events (not hardware-bound on SEV-SNP: there is no RTMR), the report_data the guest
 * asked for and the VM config (not signed).
 *
 * @param certChain empty (fetch), two blobs [ASK, VCEK], or one Linux extended-report certificate
 *     table
 */
public record DstackSnpAttestation(
    byte[] report,
    List<byte[]> certChain,
    String mrConfig,
    List<RuntimeEvent> runtimeEvents,
    byte[] reportData,
    String config) {

  /** A runtime event as V0 encodes it: name and payload, no version. */
  public record RuntimeEvent(String event, byte[] payload) {}
}
