package dev.teepol.core.evidence;

/**
 * One event of a TPM event log, decoded.
 *
 * @param index its position in the log (0 = the first event)
 * @param pcr the PCR it extends
 * @param type the TCG event type name ({@code EV_EFI_VARIABLE_DRIVER_CONFIG}, ...)
 * @param digest the digest extended, in {@code tpm.boot.bank}; "" for EV_NO_ACTION
 * @param description what the event says: a variable name, an action string, a GRUB command, an
 *     image path (truncated to 256 characters), or ""
 * @param replayed the event counts towards a PCR whose replay matched the quote
 */
public record TpmEvent(
    int index, int pcr, String type, String digest, String description, boolean replayed) {}
