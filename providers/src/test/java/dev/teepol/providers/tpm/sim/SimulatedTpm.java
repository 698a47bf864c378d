package dev.teepol.providers.tpm.sim;

import dev.teepol.providers.tpm.abi.TpmHash;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated attestation and what a relying party needs to check it.
 *
 * @param attestation the go-tpm-tools Attestation protobuf
 * @param akCaRoot the test AK CA root its certificate chains to
 * @param nonce the challenge the quotes answer
 * @param pcrs the true PCR values per quoted bank
 * @param akPublicArea the AK's TPMT_PUBLIC
 * @param signedParts the bytes a quote's genuineness rests on, as they appear in the protobuf: the
 *     AK's TPMT_PUBLIC, each TPMS_ATTEST and TPMT_SIGNATURE, each quoted PCR value
 */
public record SimulatedTpm(
    byte[] attestation,
    X509Certificate akCaRoot,
    SimAk ak,
    byte[] nonce,
    Map<TpmHash, Map<Integer, byte[]>> pcrs,
    byte[] akPublicArea,
    byte[] eventLog,
    Optional<byte[]> canonicalEventLog,
    Optional<X509Certificate> akCertificate,
    java.util.List<byte[]> signedParts) {}
