package dev.teepol.providers.tpm.abi;

import java.util.List;
import java.util.Optional;

/**
 * A parsed TCG PC Client event log: nothing in it is trusted until replayed against quoted PCRs.
 *
 * @param specId the crypto-agile header; empty for a legacy SHA-1 log
 * @param events every event in log order, the header included
 */
public record EventLog(Format format, Optional<SpecIdEvent> specId, List<TcgEvent> events) {

  /** The two log formats of the PC Client specification. */
  public enum Format {
    /** TCG_PCR_EVENT2 records after a "Spec ID Event03" header, one digest per declared bank. */
    CRYPTO_AGILE("crypto-agile"),
    /** TCG_PCClientPCREvent records, SHA-1 only (TPM 1.2 style, Windows SHA-1 logs). */
    SHA1("sha1");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public EventLog {
    events = List.copyOf(events);
  }

  /** The banks the log carries digests for that teepol can replay, strongest first. */
  public List<TpmHash> banks() {
    if (specId.isEmpty()) {
      return List.of(TpmHash.SHA1);
    }
    return TpmHash.STRONGEST_FIRST.stream()
        .filter(h -> specId.get().algorithms().stream().anyMatch(a -> a.id() == h.id()))
        .toList();
  }
}
