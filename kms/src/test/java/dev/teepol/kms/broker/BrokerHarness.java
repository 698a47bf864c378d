package dev.teepol.kms.broker;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.spi.Providers;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/** A broker over a store, verifying simulated dstack evidence against the simulator's test PKI. */
final class BrokerHarness {
  static final Clock CLOCK = Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC);
  static final Providers PROVIDERS = Providers.load();

  static KeyBroker broker(KmsStore store, Keyring keys, Path sim, int perMinute) {
    return KeyBroker.builder()
        .store(store)
        .keyring(keys)
        .clock(CLOCK)
        .providers(PROVIDERS)
        .rateLimit(perMinute, Duration.ofMinutes(1))
        .verifierSetup(
            b ->
                b.collateralDirectory(sim.resolve(CollateralLayout.COLLATERAL_DIR))
                    .trustAnchor(sim.resolve(CollateralLayout.ROOT_CA)))
        .build();
  }

  static void put(KmsStore store, MasterKey master, String name, String policy, String value)
      throws Exception {
    store.put(
        name, policy, sha(policy), value.getBytes(StandardCharsets.UTF_8), master, CLOCK.instant());
  }

  static String sha(String policy) {
    return Hex.of(Digests.sha256(policy.getBytes(StandardCharsets.UTF_8)));
  }

  private BrokerHarness() {}
}
