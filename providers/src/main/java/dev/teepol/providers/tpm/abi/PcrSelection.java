package dev.teepol.providers.tpm.abi;

import java.util.List;

/**
 * One bank of a TPML_PCR_SELECTION: the hash algorithm and the PCRs selected, ascending (the order
 * their values enter the quote's PCR digest).
 */
public record PcrSelection(TpmHash bank, List<Integer> pcrs) {
  public PcrSelection {
    pcrs = List.copyOf(pcrs);
  }
}
