package dev.teepol.core.evidence;

import java.util.List;

/**
 * The quote the PCR values come from: the one over the strongest verified bank.
 *
 * @param pcrBank that bank: {@code sha256}, {@code sha384}, ... ({@code sha1} only when nothing
 *     stronger was quoted; policies refuse it unless {@code substrate.allowWeakDigests: [SHA1]})
 * @param banks every bank a verified quote covers, strongest first
 * @param signatureScheme {@code rsassa}, {@code rsapss} or {@code ecdsa}
 * @param signatureHash the hash the AK signed (and computed the PCR digest) with
 * @param extraData the qualifying data (the caller's nonce), hex; "" when empty
 * @param clock TPMS_CLOCK_INFO.clock, milliseconds the TPM has been powered
 * @param resetCount TPM resets (reboots) since the TPM was cleared
 * @param restartCount restarts or resumes since the last reset
 * @param safe the clock was never rolled back
 * @param firmwareVersion the TPM firmware version, 16 hex digits
 */
public record TpmQuote(
    String pcrBank,
    List<String> banks,
    String signatureScheme,
    String signatureHash,
    String extraData,
    long clock,
    long resetCount,
    long restartCount,
    boolean safe,
    String firmwareVersion) {
  public static final TpmQuote NONE = new TpmQuote("", List.of(), "", "", "", 0, 0, 0, false, "");

  public TpmQuote {
    banks = List.copyOf(banks);
  }
}
