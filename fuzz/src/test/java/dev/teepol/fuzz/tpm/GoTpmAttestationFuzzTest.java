package dev.teepol.fuzz.tpm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tpm.abi.GoTpmAttestationParser;

/**
 * go-tpm-tools Attestation protobuf (AK public area, quotes, PCRs, event logs, AK certificate)
 * parsing: bytes → AttestationBundle or a typed ParseException.
 */
class GoTpmAttestationFuzzTest {
  @FuzzTest
  void parse(byte[] attestation) {
    Typed.parse(
        attestation.length,
        () -> GoTpmAttestationParser.parse(attestation, Limits.DEFAULT),
        ParseException.class);
  }
}
