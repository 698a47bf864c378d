package dev.teepol.verifier.bundle;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a verifier accepts policy bundles from, pinned by whoever deploys it (never taken from
 * the bundle). A signer's identity is its key id: {@code sha256:} and the hex SHA-256 of its DER
 * SubjectPublicKeyInfo. Ed25519 and ECDSA P-256 keys only.
 */
public final class TrustedSigners {
  private final Map<String, PublicKey> keys;
  private final Optional<SigstoreSigners> sigstore;

  private TrustedSigners(Map<String, PublicKey> keys, Optional<SigstoreSigners> sigstore) {
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.sigstore = sigstore;
  }

  /** Only Sigstore signers: bundles signed keyless by one of the pinned identities. */
  public static TrustedSigners sigstore(SigstoreSigners sigstore) {
    return new TrustedSigners(Map.of(), Optional.of(sigstore));
  }

  /** These keys, and also bundles signed keyless by one of the pinned Sigstore identities. */
  public TrustedSigners withSigstore(SigstoreSigners sigstore) {
    return new TrustedSigners(keys, Optional.of(sigstore));
  }

  Optional<SigstoreSigners> sigstoreSigners() {
    return sigstore;
  }

  /** Every signer, as error messages name them: key ids, then Sigstore identities. */
  public List<String> describe() {
    List<String> out = new ArrayList<>(keys.keySet());
    sigstore.ifPresent(s -> s.identities().forEach(i -> out.add("sigstore " + i)));
    return out;
  }

  /**
   * Signers given as public keys.
   *
   * @throws IllegalArgumentException no key, or a key of another type
   */
  public static TrustedSigners of(List<PublicKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no trusted signer: a bundle could never be accepted");
    }
    Map<String, PublicKey> m = new LinkedHashMap<>();
    for (PublicKey k : keys) {
      try {
        SignatureAlgorithm.of(k);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      m.put(keyId(k), k);
    }
    return new TrustedSigners(m, Optional.empty());
  }

  /**
   * Signers given as PEM public-key files ({@code openssl pkey -pubout}).
   *
   * @throws IOException a file cannot be read or is not an Ed25519 or P-256 public key
   */
  public static TrustedSigners fromFiles(List<Path> files) throws IOException {
    List<PublicKey> keys = new ArrayList<>();
    for (Path f : files) {
      keys.add(KeyFiles.publicKey(f));
    }
    try {
      return of(keys);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The key ids, in the order given. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  Optional<PublicKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** {@code sha256:} and the hex SHA-256 of the key's DER SubjectPublicKeyInfo. */
  public static String keyId(PublicKey key) {
    return "sha256:" + Hex.of(Digests.sha256(key.getEncoded()));
  }
}
