package dev.teepol.providers.tpm;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tpm.abi.AkPublic;
import dev.teepol.providers.tpm.abi.Quote;
import dev.teepol.providers.tpm.abi.TpmHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the TPM provider publishes about one attestation for providers built on it: the typed
 * attestation key and quotes and what was proven about them, decided once where the checks ran, so
 * no consumer looks up check ids or decodes the normalized evidence's hex.
 *
 * @param ak the attestation key, when it decoded
 * @param quotes the quotes that decoded, in the order the evidence gave them
 * @param signed the AK signed every quote and each quote's PCR digest matches its values
 * @param akTrusted the AK is a TPM's (certificate chained to a tpm-ak-root anchor, or pinned)
 * @param pcrs the PCR values of the verified quotes: bank → PCR index → value (empty unless signed)
 * @param appraisal the normalized evidence and every check (no nonce check: see {@link
 *     TpmProvider#appraise})
 */
public record VerifiedTpmQuote(
    Optional<AkPublic> ak,
    List<Quote> quotes,
    boolean signed,
    boolean akTrusted,
    Map<TpmHash, Map<Integer, byte[]>> pcrs,
    Appraisal appraisal) {

  public VerifiedTpmQuote {
    quotes = List.copyOf(quotes);
    pcrs = Map.copyOf(pcrs);
  }

  /** Signed by a trusted AK: the quoted PCR values are the TPM's word. */
  public boolean authentic() {
    return signed && akTrusted;
  }

  public List<CheckResult> checks() {
    return appraisal.checks();
  }
}
