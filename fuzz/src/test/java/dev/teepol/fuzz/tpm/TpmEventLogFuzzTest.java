package dev.teepol.fuzz.tpm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tpm.abi.EventLogParser;

/** TCG PC Client event log (SHA-1 legacy or crypto-agile): bytes → EventLog or a ParseException. */
class TpmEventLogFuzzTest {
  @FuzzTest
  void parse(byte[] log) {
    Typed.parse(log.length, () -> EventLogParser.parse(log, Limits.DEFAULT), ParseException.class);
  }
}
