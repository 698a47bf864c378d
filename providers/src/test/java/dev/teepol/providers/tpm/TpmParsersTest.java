package dev.teepol.providers.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.tpm.abi.AkPublicParser;
import dev.teepol.providers.tpm.abi.AttestationBundle;
import dev.teepol.providers.tpm.abi.AttestationDumpParser;
import dev.teepol.providers.tpm.abi.CelParser;
import dev.teepol.providers.tpm.abi.EventLogParser;
import dev.teepol.providers.tpm.abi.GoTpmAttestationParser;
import dev.teepol.providers.tpm.abi.Quote;
import dev.teepol.providers.tpm.abi.QuoteParser;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.TpmSignatureParser;
import dev.teepol.providers.tpm.sim.SimAk;
import dev.teepol.providers.tpm.sim.SimEventLog;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TPM parsers refuse hostile structures with the field and offset, before anything is sized by
 * an unchecked length or hashed.
 */
class TpmParsersTest {

  /** A TPMS_ATTEST header up to the PCR selection. */
  private static ByteArrayOutputStream quoteHeader() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0xff, 0x54, 0x43, 0x47, (byte) 0x80, 0x18});
    b.writeBytes(new byte[] {0, 0}); // qualifiedSigner
    b.writeBytes(new byte[] {0, 2, (byte) 0x90, 0x09}); // extraData
    b.writeBytes(new byte[17]); // clock info
    b.writeBytes(new byte[8]); // firmware
    return b;
  }

  @Test
  @Timeout(2)
  void twentyKilobytesOfDuplicatePcrSelectionsAreRefusedAtTheCountBeforeAnyHashing() {
    ByteArrayOutputStream b = quoteHeader();
    b.writeBytes(new byte[] {0, 0, 0x13, (byte) 0x88}); // count 5000
    for (int i = 0; i < 5000; i++) {
      b.writeBytes(new byte[] {0, 0x0b, 3, -1, -1, -1});
    }
    b.writeBytes(new byte[] {0, 0});
    assertThatThrownBy(() -> QuoteParser.parse(b.toByteArray()))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("pcrSelect.count")
        .hasMessageContaining("5000 banks");
    ByteArrayOutputStream two = quoteHeader();
    two.writeBytes(new byte[] {0, 0, 0, 2, 0, 0x0b, 3, -1, -1, -1, 0, 0x0b, 3, -1, -1, -1, 0, 0});
    assertThatThrownBy(() -> QuoteParser.parse(two.toByteArray()))
        .hasMessageContaining("pcrSelect[1].hash")
        .hasMessageContaining("selected twice");
  }

  @Test
  void aSelectionBeyondPcr23OrWiderThanFourBytesIsRefused() {
    ByteArrayOutputStream wide = quoteHeader();
    wide.writeBytes(new byte[] {0, 0, 0, 1, 0, 0x0b, 5, -1, -1, -1, -1, -1, 0, 0});
    assertThatThrownBy(() -> QuoteParser.parse(wide.toByteArray()))
        .hasMessageContaining("sizeofSelect");
    ByteArrayOutputStream high = quoteHeader();
    high.writeBytes(new byte[] {0, 0, 0, 1, 0, 0x0b, 4, 0, 0, 0, 1, 0, 0});
    assertThatThrownBy(() -> QuoteParser.parse(high.toByteArray())).hasMessageContaining("PCR 24");
  }

  @Test
  void aQuoteWithTrailingBytesOrAnotherMagicIsRefused() throws Exception {
    ByteArrayOutputStream ok = quoteHeader();
    ok.writeBytes(new byte[] {0, 0, 0, 1, 0, 0x0b, 3, 1, 0, 0, 0, 0});
    Quote q = QuoteParser.parse(ok.toByteArray());
    assertThat(q.extraData()).containsExactly(0x90, 0x09);
    assertThat(q.selections().get(0).pcrs()).containsExactly(0);
    byte[] trailing = Arrays.copyOf(ok.toByteArray(), ok.size() + 1);
    assertThatThrownBy(() -> QuoteParser.parse(trailing)).hasMessageContaining("after the end");
    byte[] magic = ok.toByteArray();
    magic[0] = 0;
    assertThatThrownBy(() -> QuoteParser.parse(magic))
        .hasMessageContaining("magic at offset 0")
        .hasMessageContaining("TPM_GENERATED");
    byte[] longExtra = quoteHeader().toByteArray();
    longExtra[8] = 0x7f; // extraData.size 0x7f02
    assertThatThrownBy(() -> QuoteParser.parse(longExtra)).hasMessageContaining("extraData.size");
  }

  @Test
  void publicAreasOfWeakOrForeignKeysAreRefused() throws Exception {
    SimAk rsa = SimAk.rsa("parser");
    byte[] pub = rsa.publicArea(SigScheme.RSASSA, TpmHash.SHA256);
    assertThat(AkPublicParser.parse(pub).algorithm()).isEqualTo("rsa-2048");
    byte[] small = pub.clone();
    // keyBits follows type, nameAlg, attributes, authPolicy (2), symmetric (2), scheme (4)
    small[16] = 0x04;
    small[17] = 0x00;
    assertThatThrownBy(() -> AkPublicParser.parse(small)).hasMessageContaining("RSA-1024");
    byte[] ecc = SimAk.ecc("parser").publicArea(SigScheme.ECDSA, TpmHash.SHA256);
    byte[] offCurve = ecc.clone();
    offCurve[offCurve.length - 1] ^= 1;
    assertThatThrownBy(() -> AkPublicParser.parse(offCurve)).hasMessageContaining("not on");
    byte[] keyed = pub.clone();
    keyed[1] = 0x08; // TPM_ALG_KEYEDHASH
    assertThatThrownBy(() -> AkPublicParser.parse(keyed)).hasMessageContaining("not an RSA");
  }

  @Test
  void aSignatureOfAnUnknownSchemeOrWithTrailingBytesIsRefused() {
    byte[] sig = SimAk.ecc("parser").sign(new byte[] {1}, SigScheme.ECDSA, TpmHash.SHA256);
    byte[] trailing = Arrays.copyOf(sig, sig.length + 2);
    assertThatThrownBy(() -> TpmSignatureParser.parse(trailing))
        .hasMessageContaining("after the end");
    byte[] hmac = sig.clone();
    hmac[1] = 0x05;
    assertThatThrownBy(() -> TpmSignatureParser.parse(hmac)).hasMessageContaining("sigAlg");
  }

  @Test
  void anEventLogLongerThanTheLimitIsRefusedAtTheFirstEventOverIt() {
    SimEventLog log = SimEventLog.cryptoAgile(List.of(TpmHash.SHA256));
    for (int i = 0; i < 20; i++) {
      log.add(8, 0xd, SimEventLog.ascii("grub_cmd: x\0"));
    }
    Limits ten = new Limits(32L << 20, 64 << 10, 8, 1 << 20, 64, 10);
    assertThatThrownBy(() -> EventLogParser.parse(log.encode(), ten))
        .hasMessageContaining("event[10]")
        .hasMessageContaining("maxEventLogEntries");
  }

  @Test
  void anEventWithAnotherNumberOfDigestsThanTheSpecIdDeclaresIsRefused() throws Exception {
    byte[] log =
        SimEventLog.cryptoAgile(List.of(TpmHash.SHA256, TpmHash.SHA1))
            .typicalBoot(SimEventLog.Boot.DEFAULT)
            .encode();
    assertThat(EventLogParser.parse(log, Limits.DEFAULT).events()).hasSizeGreaterThan(10);
    // The Spec ID says 2 banks; the first event after it claims 3 digests.
    int header = 32 + ByteReaderLe.u32(log, 28);
    byte[] bad = log.clone();
    bad[header + 8] = 3;
    assertThatThrownBy(() -> EventLogParser.parse(bad, Limits.DEFAULT))
        .hasMessageContaining("event[1].digests.count");
    byte[] pcr = log.clone();
    pcr[header] = 24;
    assertThatThrownBy(() -> EventLogParser.parse(pcr, Limits.DEFAULT))
        .hasMessageContaining("PCR 24");
    byte[] version = log.clone();
    version[32 + 16 + 4 + 1] = 1; // specVersionMajor
    assertThatThrownBy(() -> EventLogParser.parse(version, Limits.DEFAULT))
        .hasMessageContaining("specVersionMajor");
  }

  /** Little-endian u32 for building test offsets. */
  private static final class ByteReaderLe {
    static int u32(byte[] b, int at) {
      return (b[at] & 0xff)
          | (b[at + 1] & 0xff) << 8
          | (b[at + 2] & 0xff) << 16
          | (b[at + 3] & 0xff) << 24;
    }
  }

  @Test
  void theProtobufRefusesUnknownAndRepeatedFieldsButListsATeeAttestationAsUnverified()
      throws Exception {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    byte[] pb = sim.attestation();
    AttestationBundle ok = GoTpmAttestationParser.parse(pb, Limits.DEFAULT);
    assertThat(ok.quotes()).hasSize(2);
    assertThat(ok.intermediates()).hasSize(1);
    byte[] unknown = concat(pb, new byte[] {(byte) 0x52, 1, 0}); // field 10, length 1
    assertThatThrownBy(() -> GoTpmAttestationParser.parse(unknown, Limits.DEFAULT))
        .hasMessageContaining("unknown field 10");
    byte[] twice = concat(pb, new byte[] {0x0a, 1, 0}); // ak_pub again
    assertThatThrownBy(() -> GoTpmAttestationParser.parse(twice, Limits.DEFAULT))
        .hasMessageContaining("ak_pub")
        .hasMessageContaining("given twice");
    byte[] tdx = concat(pb, new byte[] {0x4a, 1, 0}); // field 9, tdx_attestation
    assertThat(GoTpmAttestationParser.parse(tdx, Limits.DEFAULT).unverified())
        .containsExactly("tdx_attestation (field 9)");
    byte[] varint = concat(pb, new byte[] {0x3a, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});
    assertThatThrownBy(() -> GoTpmAttestationParser.parse(varint, Limits.DEFAULT))
        .hasMessageContaining("varint");
    byte[] fixed = concat(pb, new byte[] {0x0d, 0, 0, 0, 0}); // field 1, wire type 5
    assertThatThrownBy(() -> GoTpmAttestationParser.parse(fixed, Limits.DEFAULT))
        .hasMessageContaining("wire type 5");
  }

  @Test
  void theJsonDumpRefusesUnknownMembersAndTpm12() {
    String dump =
        "{\"Static\":{\"TPMVersion\":1},\"AK\":{},\"Quote\":{\"Quote\":\"AA==\",\"Signature\":\"AA==\"},\"Log\":{}}";
    assertThatThrownBy(
            () ->
                AttestationDumpParser.parse(dump.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT))
        .hasMessageContaining("TPM 1");
    String extra =
        "{\"AK\":{},\"Quote\":{\"Quote\":\"AA==\",\"Signature\":\"AA==\"},\"Log\":{},\"Extra\":1}";
    assertThatThrownBy(
            () ->
                AttestationDumpParser.parse(extra.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT))
        .hasMessageContaining("dump.Extra")
        .hasMessageContaining("unknown member");
  }

  @Test
  void aCanonicalEventLogTlvLongerThanItsBufferIsRefused() {
    byte[] tlv = {0, 0, 0, 0, 8, 0, 0, 0};
    assertThatThrownBy(() -> CelParser.parse(tlv, Limits.DEFAULT))
        .hasMessageContaining("cel[0].recnum")
        .hasMessageContaining("only");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
