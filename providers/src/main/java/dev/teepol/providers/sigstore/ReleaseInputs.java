package dev.teepol.providers.sigstore;

import java.util.List;

/**
 * The releases given with a verification ({@code --release DIR}) and the signer identities the
 * relying party pins for them.
 *
 * @param folders the release folders, in the order given
 * @param identities pinned signers; empty means none pinned (a provider that needs a pin, such as
 *     Tinfoil's deployment check, is then UNEVALUABLE)
 */
public record ReleaseInputs(List<ReleaseFolder> folders, List<ReleaseIdentity> identities) {
  public static final ReleaseInputs NONE = new ReleaseInputs(List.of(), List.of());

  public ReleaseInputs {
    folders = List.copyOf(folders);
    identities = List.copyOf(identities);
  }

  public boolean isEmpty() {
    return folders.isEmpty() && identities.isEmpty();
  }
}
