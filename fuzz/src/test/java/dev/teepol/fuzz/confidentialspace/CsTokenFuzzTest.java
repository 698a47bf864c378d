package dev.teepol.fuzz.confidentialspace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.confidentialspace.token.TokenParser;

/**
 * Confidential Space attestation token (compact JWS: header, claims, submods) parsing: bytes →
 * CsToken or a typed ParseException. No signature is checked here.
 */
class CsTokenFuzzTest {
  @FuzzTest
  void parse(byte[] token) {
    Typed.parse(token.length, () -> TokenParser.parse(token, Limits.DEFAULT), ParseException.class);
  }
}
