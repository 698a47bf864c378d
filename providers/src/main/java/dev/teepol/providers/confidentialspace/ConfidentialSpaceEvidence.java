package dev.teepol.providers.confidentialspace;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.ConfidentialSpace;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.Workload;
import dev.teepol.providers.confidentialspace.token.CsToken;
import dev.teepol.providers.confidentialspace.token.TokenClaims;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a decoded token into the normalized evidence model: the one place its claims become model
 * values. Google's attestation service is the verifier of the hardware here, so a verified token's
 * platform claims are bound by {@code signature}; in particular the TDX TCB status is Google's
 * verdict ({@code tdx.gcp_attester_tcb_status}), which teepol trusts as EigenCompute's trust model
 * does, instead of judging a TD report the token does not carry. A token that did not verify still
 * shows what it states, marked {@code self_reported}, and puts nothing in {@code workload} or
 * {@code platform.tcb}.
 */
final class ConfidentialSpaceEvidence {
  /** The Confidential Space claims, the path {@code bound} records their provenance under. */
  static final String CLAIMS_PATH = "confidential_space";

  private ConfidentialSpaceEvidence() {}

  static Evidence of(String subject, CsToken t, boolean authentic, NonceInfo nonce) {
    TokenClaims c = t.claims();
    Map<String, Binding> bound = new LinkedHashMap<>();
    Binding how = authentic ? Binding.SIGNATURE : Binding.SELF_REPORTED;
    String tee = c.hwmodel().flatMap(HwModel::of).map(HwModel::tee).orElse("none");
    // Anything but Google's production value is debug: the operator can reach into the VM.
    boolean debug = !"disabled-since-boot".equals(c.dbgstat().orElse(""));
    Tcb tcb = Tcb.UNKNOWN;
    if (authentic && "tdx".equals(tee) && c.tdxTcbStatus().isPresent()) {
      tcb = new Tcb(c.tdxTcbStatus().get(), List.of(), c.tdxTcbDate(), -1, Map.of());
      bound.put("platform.tcb", Binding.SIGNATURE);
    }
    bound.put("platform.tee", how);
    bound.put("platform.debug", how);
    Workload workload = Workload.NONE;
    String digest = c.container().imageDigest();
    if (authentic && !digest.isEmpty()) {
      workload = new Workload("", "", "", "", "", "", List.of(digest));
      bound.put("workload.image_digests", Binding.SIGNATURE);
    }
    bound.put(CLAIMS_PATH, how);
    ConfidentialSpace cs =
        new ConfidentialSpace(
            t.header().pki() ? "pki" : "oidc",
            c.issuer().orElse(""),
            c.subject().orElse(""),
            c.hwmodel().orElse(""),
            c.dbgstat().orElse(""),
            c.secboot(),
            c.swname().orElse(""),
            c.swversion(),
            c.attesterTcb(),
            c.supportAttributes(),
            c.memoryMonitoring(),
            c.container(),
            c.gce(),
            c.googleServiceAccounts());
    return Evidence.builder(ConfidentialSpaceProvider.ID, subject)
        .platform(new Platform(tee, "google", debug, tcb, CollateralInfo.NONE))
        .workload(workload)
        .confidentialSpace(cs)
        .nonce(nonce)
        .bound(bound)
        .build();
  }
}
