/**
 * KMS root trust and attestation-gated key release (docs/kms.md): {@code ratls} verifies dstack
 * RA-TLS certificate chains, {@code broker} releases secrets sealed with HPKE to keys that attested
 * evidence binds, {@code store} keeps them envelope-encrypted over JDBC with a hash-chained audit
 * table.
 */
package dev.teepol.kms;
