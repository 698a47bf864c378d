package dev.teepol.verifier.bundle;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sigstore.abi.Bundle;
import dev.teepol.providers.sigstore.abi.BundleContent;
import dev.teepol.providers.sigstore.abi.BundleParser;
import dev.teepol.providers.sigstore.abi.StatementParser;
import dev.teepol.providers.sigstore.verify.BundleVerifier;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Sigstore bundle as a signature over a policy bundle: the Sigstore provider's verification
 * (certificate chain to the trusted root's Fulcio CA, SCTs, Rekor entry, signed entry timestamp,
 * inclusion proof and checkpoint, the signature itself), plus the two bindings a policy bundle
 * needs: it signs this bundle's SHA-256 and its certificate names a pinned identity.
 */
final class SigstoreBundleSignature {
  private SigstoreBundleSignature() {}

  /** What verifying one Sigstore bundle gave: the signer it proves, or why not. */
  record Outcome(Optional<String> signer, String problem) {}

  static Bundle parse(byte[] sigstoreBundle) throws BundleException {
    try {
      return BundleParser.parse(sigstoreBundle, Limits.DEFAULT);
    } catch (ParseException e) {
      throw new BundleException("not a Sigstore bundle: " + e.getMessage(), e);
    }
  }

  /** Whether {@code b} signs the artifact with this SHA-256 (message digest or a subject). */
  static boolean signs(Bundle b, byte[] sha256) {
    if (b.content() instanceof BundleContent.MessageSignature m) {
      return "SHA2_256".equals(m.algorithm()) && Arrays.equals(m.digest(), sha256);
    }
    if (b.content() instanceof BundleContent.Dsse d) {
      try {
        String want = Hex.of(sha256);
        return StatementParser.parse(d.payload(), Limits.DEFAULT).subjects().stream()
            .anyMatch(s -> want.equals(s.digests().get("sha256")));
      } catch (ParseException e) {
        return false;
      }
    }
    return false;
  }

  static Outcome verify(byte[] sigstoreBundle, byte[] sha256, SigstoreSigners signers) {
    Bundle b;
    try {
      b = parse(sigstoreBundle);
    } catch (BundleException e) {
      return new Outcome(Optional.empty(), e.getMessage());
    }
    BundleVerifier.Result r =
        BundleVerifier.verify(
            b,
            signers.root(),
            signers.clock().instant(),
            Optional.of(sha256),
            signers.identities(),
            Limits.DEFAULT);
    if (!r.verified() || r.identity().isEmpty()) {
      return new Outcome(
          Optional.empty(),
          String.join(
              "; ",
              r.checks().stream()
                  .filter(c -> !c.passed())
                  .map(c -> c.id() + ": " + c.explanation())
                  .toList()));
    }
    var id = r.identity().get();
    return new Outcome(Optional.of("sigstore:" + id.san() + " (" + id.issuer() + ")"), "");
  }
}
