/**
 * TPM 2.0 quotes and event logs (docs/providers/tpm.md): {@code abi} decodes TPMS_ATTEST,
 * TPMT_PUBLIC, TPMT_SIGNATURE, TCG and canonical event logs and the containers that carry them;
 * {@code verify} checks signatures, AK trust, replays and event data; {@link
 * dev.teepol.providers.tpm.TpmEvidence} maps the result into the normalized model.
 */
package dev.teepol.providers.tpm;
