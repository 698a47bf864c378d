package dev.teepol.kms.broker;

import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.RecipientKey;
import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.dstack.sim.SimEvent;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;

/**
 * A simulated dstack workload asking the broker for its secrets: an HPKE key pair, and a dstack TDX
 * quote (DCAP simulator, test PKI) whose report_data is whatever the test says, normally the
 * release binding of the broker's nonce and that key.
 */
final class SimWorkload {
  static final String POLICY =
      "apiVersion: teepol.dev/v1\n"
          + "kind: TrustPolicy\n"
          + "metadata: {name: app-env, version: 1}\n"
          + "spec:\n"
          + "  substrate: {tee: [tdx]}\n"
          + "  workload:\n"
          + "    composeHashes: ['"
          + HexFormat.of().formatHex(SimDstack.COMPOSE_HASH)
          + "']\n"
          + "  kms:\n"
          + "    allowedRoots: ['"
          + SimDstack.KMS_ROOT
          + "']\n";

  /** The same policy pinning another compose hash: every sim node is refused by it. */
  static final String OTHER_APP_POLICY =
      POLICY.replace(HexFormat.of().formatHex(SimDstack.COMPOSE_HASH), "ab".repeat(32));

  final Kem kem;
  final AsymmetricCipherKeyPair keys;
  final RecipientKey publicKey;
  boolean debug;
  String composeOverride;

  SimWorkload(Kem kem) {
    this.kem = kem;
    this.keys = Hpke.generate(kem);
    this.publicKey = Hpke.publicKey(kem, keys);
  }

  /** The node's log: the sim's valid one, or one measuring another compose file. */
  List<SimEvent> log() {
    if (composeOverride == null) {
      return SimDstack.validLog();
    }
    List<SimEvent> l = new ArrayList<>();
    for (SimEvent e : SimDstack.validLog()) {
      l.add(
          e.name().equals("compose-hash")
              ? SimEvent.runtime("compose-hash", sha256(composeOverride))
              : e);
    }
    return l;
  }

  SimulatedDcap quote(byte[] reportData) {
    DcapSimulator.Builder b = SimDstack.quoteFor(log()).reportData(reportData);
    if (debug) {
      b.breakage(Breakage.DEBUG_TD);
    }
    return b.build().generate();
  }

  /** Evidence binding {@code nonce} and {@code boundKey} (normally this workload's own key). */
  byte[] evidence(byte[] nonce, RecipientKey boundKey) {
    SimulatedDcap q = quote(ReleaseBinding.reportData(nonce, boundKey));
    String compose = composeOverride != null ? composeOverride : SimDstack.APP_COMPOSE;
    return SimDstack.document(q, log(), SimDstack.appComposeMember(compose));
  }

  byte[] evidence(byte[] nonce) {
    return evidence(nonce, publicKey);
  }

  ReleaseRequest request(String secret, byte[] evidence, byte[] nonce) {
    return new ReleaseRequest(secret, evidence, nonce, publicKey);
  }

  byte[] open(ReleaseOutcome.Granted g, byte[] nonce) throws Exception {
    return Hpke.open(kem, keys, g.info(), nonce, g.sealed());
  }

  /** Writes the sim's collateral and root (the same test PKI for every quote of the seed). */
  static Path writeCollateral(Path dir) throws Exception {
    SimulatedDcap q = SimDstack.quoteFor(SimDstack.validLog()).build().generate();
    q.writeTo(dir);
    return dir;
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
