package dev.teepol.verifier.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged bundles and envelopes: every change is refused as a {@link BundleException} (never
 * another exception, never accepted), like the evidence robustness tests.
 */
class BundleRobustnessTest {
  private static byte[] canonical;
  private static byte[] envelope;
  private static TrustedSigners signers;

  @BeforeContainer
  static void sign() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path dir = Files.createTempDirectory("teepol-bundle");
    Path key = dir.resolve("k.key");
    Path pub = dir.resolve("k.pub");
    Files.writeString(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    PolicyBundle b =
        new PolicyBundle(
            "robust",
            7,
            List.of(
                PolicyBundle.TextFile.of(
                    "p.yaml",
                    "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: p}\nspec: {}\n")),
            List.of(PolicyBundle.TextFile.of("p.tests.yaml", "cases: []\n")),
            List.of(new PolicyBundle.Fixture("../q.bin", "0".repeat(64))));
    canonical = b.canonicalBytes();
    envelope = SignedBundles.sign(b, key);
    signers = TrustedSigners.fromFiles(List.of(pub));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Provide
  Arbitrary<int[]> edits() {
    return Arbitraries.integers()
        .between(0, Integer.MAX_VALUE)
        .array(int[].class)
        .ofMinSize(2)
        .ofMaxSize(2);
  }

  @Property(tries = 300)
  void aChangedBundleIsRefusedOrIsAnotherCanonicalBundle(@ForAll("edits") int[] e) {
    byte[] b = canonical.clone();
    int i = e[0] % b.length;
    byte v = (byte) (e[1] % 256);
    if (b[i] == v) {
      return;
    }
    b[i] = v;
    assertThatCode(
            () -> {
              try {
                // An unsigned bundle may be edited into another valid one (a fixture digest, the
                // name): the signature is what pins it. It must never read as anything but
                // exactly its own bytes.
                PolicyBundle p = PolicyBundle.parse(b);
                assertThat(p.canonicalBytes()).isEqualTo(b);
                assertThat(p).isNotEqualTo(PolicyBundle.parse(canonical));
              } catch (BundleException expected) {
                // refused, naming why
              }
            })
        .doesNotThrowAnyException();
  }

  @Property(tries = 300)
  void everyChangedByteOfAnEnvelopeIsRefused(@ForAll("edits") int[] e) {
    byte[] b = envelope.clone();
    int i = e[0] % (b.length - 1); // the final newline is outside the JSON value
    byte v = (byte) (e[1] % 256);
    if (b[i] == v || Character.isWhitespace(b[i]) && Character.isWhitespace(v)) {
      return;
    }
    b[i] = v;
    try {
      SignedBundles.verify(b, signers);
      // Only changes the JSON reader cannot see may pass: e.g. a changed escape that decodes to
      // the same key id. The signed payload itself must be intact.
      String s = new String(b, StandardCharsets.ISO_8859_1);
      String o = new String(envelope, StandardCharsets.ISO_8859_1);
      assertThat(s.substring(s.indexOf("\"payload\""), s.indexOf("\"signatures\"")))
          .isEqualTo(o.substring(o.indexOf("\"payload\""), o.indexOf("\"signatures\"")));
    } catch (BundleException expected) {
      // refused
    }
  }

  @Property(tries = 200)
  void truncationsAreRefused(@ForAll("edits") int[] e) {
    // Cut into the JSON value (dropping only the final newline leaves the same envelope).
    int n = e[0] % (envelope.length - 1);
    byte[] cut = java.util.Arrays.copyOf(envelope, n);
    assertThatCode(
            () -> {
              try {
                SignedBundles.verify(cut, signers);
                throw new AssertionError("a truncated envelope of " + n + " bytes was accepted");
              } catch (BundleException expected) {
                // refused
              }
            })
        .doesNotThrowAnyException();
  }

  @Property(tries = 200)
  void arbitraryBytesNeverThrowAnythingElse(@ForAll byte[] junk) {
    assertThatCode(
            () -> {
              try {
                SignedBundles.verify(junk, signers);
              } catch (BundleException expected) {
                // refused
              }
              try {
                PolicyBundle.parse(junk);
              } catch (BundleException expected) {
                // refused
              }
            })
        .doesNotThrowAnyException();
  }
}
