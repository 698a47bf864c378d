package dev.teepol.providers.tpm.abi;

import java.util.Map;
import java.util.Optional;

/**
 * One event of a TCG PC Client event log. Its type and data are what the log says; only the digests
 * are what the PCRs were extended with, so nothing about the event is trusted until its PCR replays
 * to a quoted value and, for the types whose digest is the hash of their data, the data hashes to
 * it. The arrays are the parser's own copies and are never modified.
 *
 * @param index position in the log, 0-based (the Spec ID header is event 0 of a crypto-agile log)
 * @param offset byte offset of the event in the log
 * @param digests per bank, for the banks teepol knows (a bank the log names but teepol cannot hash
 *     is left out)
 */
public record TcgEvent(
    int index, int offset, int pcr, long type, Map<TpmHash, byte[]> digests, byte[] data) {

  public TcgEvent {
    digests = Map.copyOf(digests);
  }

  public Optional<byte[]> digest(TpmHash bank) {
    return Optional.ofNullable(digests.get(bank));
  }

  public boolean noAction() {
    return type == EventType.EV_NO_ACTION;
  }
}
