/** The TPM provider's checks: signatures, AK trust, PCR replay, event data and decoding. */
package dev.teepol.providers.tpm.verify;
