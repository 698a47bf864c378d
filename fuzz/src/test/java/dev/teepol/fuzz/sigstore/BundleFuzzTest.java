package dev.teepol.fuzz.sigstore;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.sigstore.abi.BundleParser;

/**
 * Sigstore bundle JSON (v0.1–v0.3, DSSE or message signature): bytes → Bundle or a ParseException.
 */
class BundleFuzzTest {
  @FuzzTest
  void parse(byte[] bundle) {
    Typed.parse(
        bundle.length, () -> BundleParser.parse(bundle, Limits.DEFAULT), ParseException.class);
  }
}
