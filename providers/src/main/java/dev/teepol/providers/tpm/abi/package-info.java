/** Pure decoders of TPM 2.0 structures and their containers: bytes → typed records. */
package dev.teepol.providers.tpm.abi;
