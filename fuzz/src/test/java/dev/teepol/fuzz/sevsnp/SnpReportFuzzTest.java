package dev.teepol.fuzz.sevsnp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.sevsnp.abi.SnpReportParser;

/**
 * SEV-SNP attestation report (versions 2–5) parsing: bytes → SnpReport or a typed ParseException.
 */
class SnpReportFuzzTest {
  @FuzzTest
  void parse(byte[] report) {
    Typed.parse(report.length, () -> SnpReportParser.parse(report), ParseException.class);
  }
}
