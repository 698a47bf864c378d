package dev.teepol.fuzz.tdx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tdx.pck.PckExtensionParser;

/**
 * The SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the raw extension value as
 * {@code X509Certificate.getExtensionValue} hands it over, DER decoded by Bouncy Castle.
 */
class PckExtensionsFuzzTest {
  private static final String ISSUER = "CN=Intel SGX PCK Platform CA,O=Intel Corporation,C=US";

  @FuzzTest
  void parse(byte[] extensionValue) {
    Typed.parse(
        extensionValue.length,
        () -> PckExtensionParser.parseExtension(extensionValue, ISSUER),
        ParseException.class);
  }
}
