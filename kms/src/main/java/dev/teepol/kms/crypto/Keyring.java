package dev.teepol.kms.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master keys a broker holds: the current one wraps new data keys; the others only unwrap, so
 * replicas keep serving while a rotation re-wraps rows from an old key to the new one.
 */
public final class Keyring {
  private final MasterKey current;
  private final Map<String, MasterKey> byKid;

  private Keyring(MasterKey current, List<MasterKey> others) {
    this.current = current;
    Map<String, MasterKey> m = new LinkedHashMap<>();
    m.put(current.kid(), current);
    for (MasterKey k : others) {
      m.putIfAbsent(k.kid(), k);
    }
    this.byKid = Map.copyOf(m);
  }

  public static Keyring of(MasterKey current, MasterKey... older) {
    return new Keyring(current, List.of(older));
  }

  public MasterKey current() {
    return current;
  }

  public Optional<MasterKey> byKid(String kid) {
    return Optional.ofNullable(byKid.get(kid));
  }

  /** The same keys with {@code next} as the current one. */
  public Keyring rotatedTo(MasterKey next) {
    return new Keyring(next, List.copyOf(byKid.values()));
  }
}
