package dev.teepol.providers.tpm.abi;

import java.util.List;

/**
 * The TCG_EfiSpecIDEvent that opens a crypto-agile log ("Spec ID Event03"): which banks every event
 * carries a digest for, and how large each is.
 *
 * @param uintnSize 1 (UINT32) or 2 (UINT64)
 * @param algorithms each bank the log declares, in header order
 */
public record SpecIdEvent(
    long platformClass,
    int specVersionMajor,
    int specVersionMinor,
    int specErrata,
    int uintnSize,
    List<Algorithm> algorithms) {

  /** A declared bank: its TPM_ALG_ID and the digest size every event uses for it. */
  public record Algorithm(int id, int digestSize) {}

  public SpecIdEvent {
    algorithms = List.copyOf(algorithms);
  }
}
