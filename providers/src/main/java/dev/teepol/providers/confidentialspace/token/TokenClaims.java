package dev.teepol.providers.confidentialspace.token;

import dev.teepol.core.evidence.CsContainer;
import dev.teepol.core.evidence.GceInstance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a Confidential Space token, typed (Google's token-claims reference). A claim the
 * token lacks is empty; a claim of the wrong JSON type never gets here (the parser refuses it,
 * naming its path).
 *
 * @param audience {@code aud}, a string or a list of strings in the token
 * @param eatNonces {@code eat_nonce}, a string or a list of strings in the token
 * @param tdxTcbStatus {@code tdx.gcp_attester_tcb_status}: Google's attestation service's verdict
 *     on the TDX platform's TCB
 * @param tdxTcbDate {@code tdx.gcp_attester_tcb_date}
 * @param unknown JSON paths of claims teepol does not know (they make the token unacceptable)
 */
public record TokenClaims(
    Optional<String> issuer,
    List<String> audience,
    Optional<String> subject,
    Optional<Instant> issuedAt,
    Optional<Instant> notBefore,
    Optional<Instant> expiresAt,
    List<String> eatNonces,
    Optional<String> hwmodel,
    Optional<String> dbgstat,
    boolean secboot,
    Optional<String> swname,
    List<String> swversion,
    List<String> attesterTcb,
    List<String> supportAttributes,
    boolean memoryMonitoring,
    CsContainer container,
    GceInstance gce,
    List<String> googleServiceAccounts,
    Optional<String> tdxTcbStatus,
    Optional<Instant> tdxTcbDate,
    List<String> unknown) {
  public TokenClaims {
    audience = List.copyOf(audience);
    eatNonces = List.copyOf(eatNonces);
    swversion = List.copyOf(swversion);
    attesterTcb = List.copyOf(attesterTcb);
    supportAttributes = List.copyOf(supportAttributes);
    googleServiceAccounts = List.copyOf(googleServiceAccounts);
    unknown = List.copyOf(unknown);
  }
}
