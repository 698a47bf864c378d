package dev.teepol.providers.tpm.abi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of one TPM attestation, whatever container carried them (a go-tpm-tools {@code
 * Attestation} protobuf, a go-attestation JSON dump, or a bare event log). Nothing here is
 * verified; the arrays are the container parser's own copies and are never modified.
 *
 * @param akPublic the attestation key's TPMT_PUBLIC
 * @param quotes each quote with its signature and the PCR values it claims to cover
 * @param eventLog the TCG PC Client event log
 * @param canonicalEventLog the TCG canonical event log of the COS / Confidential Space launcher
 * @param akCertificate the AK certificate (DER)
 * @param intermediates certificates offered to complete its path (DER); never trusted themselves
 * @param unverified parts the container carries that this provider does not verify, by name
 */
public record AttestationBundle(
    Container container,
    Optional<byte[]> akPublic,
    List<SignedQuote> quotes,
    Optional<byte[]> eventLog,
    Optional<byte[]> canonicalEventLog,
    Optional<byte[]> akCertificate,
    List<byte[]> intermediates,
    List<String> unverified) {

  /** The containers the TPM provider reads. */
  public enum Container {
    GO_TPM_TOOLS("go-tpm-tools Attestation protobuf"),
    GO_ATTESTATION_DUMP("go-attestation JSON dump"),
    EVENT_LOG("TCG event log without a quote");

    private final String description;

    Container(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** A quote as carried: TPMS_ATTEST, TPMT_SIGNATURE and the PCR values per bank, index → value. */
  public record SignedQuote(
      byte[] attest, byte[] signature, Map<TpmHash, Map<Integer, byte[]>> pcrs) {
    public SignedQuote {
      pcrs = Map.copyOf(pcrs);
    }
  }

  public AttestationBundle {
    quotes = List.copyOf(quotes);
    intermediates = List.copyOf(intermediates);
    unverified = List.copyOf(unverified);
  }

  /** A bare event log. */
  public static AttestationBundle eventLogOnly(byte[] log) {
    return new AttestationBundle(
        Container.EVENT_LOG,
        Optional.empty(),
        List.of(),
        Optional.of(log),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of());
  }
}
