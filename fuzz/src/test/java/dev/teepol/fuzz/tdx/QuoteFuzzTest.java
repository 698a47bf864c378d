package dev.teepol.fuzz.tdx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tdx.abi.QuoteParser;

/** DCAP quote (v4, v5; TD 1.0, TD 1.5, SGX) parsing: bytes → Quote or a typed ParseException. */
class QuoteFuzzTest {
  @FuzzTest
  void parse(byte[] quote) {
    Typed.parse(
        quote.length,
        () -> QuoteParser.parse(quote, Limits.DEFAULT.maxQuoteBytes()),
        ParseException.class);
  }
}
