package dev.teepol.fuzz;

import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The TPM simulator's default attestation (RSA AK certified by the test AK CA, SHA-256 and SHA-1
 * quotes, a GCE-like boot log and the Confidential Space canonical event log) and its relying
 * party: the test AK CA root pinned, the simulator's nonce expected, at {@link
 * TpmSimulator#VERIFY_AT}. The AK and CA keys come from fixed seeds (RSA PKCS#1 v1.5 and
 * deterministic ECDSA signatures), so a committed seed verifies in every JVM.
 */
public final class SimTpmFixture {
  private SimTpmFixture() {}

  public static final SimulatedTpm SIM = TpmSimulator.builder().build().generate();

  public static final AppraisalContext CONTEXT =
      AppraisalContext.offline(Clock.fixed(TpmSimulator.VERIFY_AT, ZoneOffset.UTC))
          .withTrustAnchors(
              TrustAnchors.defaults().with(TrustAnchors.TPM_AK_ROOT, List.of(SIM.akCaRoot())))
          .withExpectedNonce(SIM.nonce());
}
