package dev.teepol.core.evidence;

import java.util.List;

/**
 * What a TPM 2.0 attestation says besides its PCR values (which are {@code measurements}): the
 * attestation key, the quote, the boot the event log describes, the GCE instance the AK certificate
 * names and the container the Confidential Space / COS launcher started. Empty for every other TEE.
 * Each part's {@code bound} entry ({@code tpm.boot}, {@code tpm.gce}, {@code tpm.cos}) says how it
 * was proven.
 *
 * @param events the event log, one entry per event in log order (decoded, never raw data)
 */
public record Tpm(
    TpmAk ak, TpmQuote quote, TpmBoot boot, GceInstance gce, CosLaunch cos, List<TpmEvent> events) {
  public static final Tpm NONE =
      new Tpm(TpmAk.NONE, TpmQuote.NONE, TpmBoot.NONE, GceInstance.NONE, CosLaunch.NONE, List.of());

  public Tpm {
    events = List.copyOf(events);
  }
}
