package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * go-tpm-tools' {@code attest.Attestation} protobuf (proto/attest.proto) → {@link
 * AttestationBundle}. Every field it defines is known; a field it does not define, a singular field
 * given twice (protobuf would keep the last, another reader might keep the first) or a PCR given
 * twice is refused. {@code instance_info} is self-reported and ignored (the AK certificate carries
 * the signed instance), and a TEE attestation (fields 8, 9) is listed as not verified here.
 */
public final class GoTpmAttestationParser {
  static final int AK_PUB = 1;
  static final int QUOTES = 2;
  static final int EVENT_LOG = 3;
  static final int INSTANCE_INFO = 4;
  static final int CANONICAL_EVENT_LOG = 5;
  static final int AK_CERT = 6;
  static final int INTERMEDIATE_CERTS = 7;
  static final int SEV_SNP_ATTESTATION = 8;
  static final int TDX_ATTESTATION = 9;

  private GoTpmAttestationParser() {}

  /**
   * A bounded look at the first bytes: field 1 (ak_pub) first, holding an RSA or ECC TPMT_PUBLIC
   * with a known name algorithm. Encoders write fields in number order, so ak_pub leads.
   */
  public static boolean sniff(byte[] b) {
    if (b.length < 8 || b[0] != 0x0a) {
      return false;
    }
    int i = 1;
    long len = 0;
    for (int shift = 0; i < 4; i++, shift += 7) {
      len |= (long) (b[i] & 0x7f) << shift;
      if ((b[i] & 0x80) == 0) {
        i++;
        break;
      }
    }
    if (len < 10 || i + 4 > b.length) {
      return false;
    }
    int type = (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    int nameAlg = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    return (type == AkPublicParser.TPM_ALG_RSA || type == AkPublicParser.TPM_ALG_ECC)
        && TpmHash.byId(nameAlg).isPresent();
  }

  public static AttestationBundle parse(byte[] b, Limits limits) throws ParseException {
    ProtoReader p = new ProtoReader(new ByteReader(b), "Attestation");
    byte[] akPub = null;
    byte[] log = null;
    byte[] cel = null;
    byte[] cert = null;
    boolean instanceInfo = false;
    List<AttestationBundle.SignedQuote> quotes = new ArrayList<>();
    List<byte[]> intermediates = new ArrayList<>();
    List<String> unverified = new ArrayList<>();
    while (p.more()) {
      ProtoReader.Key k = p.key();
      switch (k.field()) {
        case AK_PUB -> akPub = once(akPub, p, k, "ak_pub");
        case QUOTES -> {
          ProtoReader.wire(k, ProtoReader.LEN, "quotes");
          if (quotes.size() >= QuoteParser.MAX_BANKS) {
            throw new ParseException(
                "quotes", k.at(), "more than " + QuoteParser.MAX_BANKS + " quotes (one per bank)");
          }
          quotes.add(quote(p.bytes("quotes"), "quotes[" + quotes.size() + "]", limits));
        }
        case EVENT_LOG -> log = once(log, p, k, "event_log");
        case INSTANCE_INFO -> {
          ProtoReader.wire(k, ProtoReader.LEN, "instance_info");
          if (instanceInfo) {
            throw twice("instance_info", k);
          }
          instanceInfo = true;
          p.bytes("instance_info");
        }
        case CANONICAL_EVENT_LOG -> cel = once(cel, p, k, "canonical_event_log");
        case AK_CERT -> cert = once(cert, p, k, "ak_cert");
        case INTERMEDIATE_CERTS -> {
          ProtoReader.wire(k, ProtoReader.LEN, "intermediate_certs");
          if (intermediates.size() >= limits.maxCertChainLength()) {
            throw new ParseException(
                "intermediate_certs",
                k.at(),
                "more than " + limits.maxCertChainLength() + " certificates (maxCertChainLength)");
          }
          byte[] der = p.copy("intermediate_certs");
          if (der.length > limits.maxAnchorBytes()) {
            throw new ParseException(
                "intermediate_certs", k.at(), der.length + " bytes (maxAnchorBytes)");
          }
          intermediates.add(der);
        }
        case SEV_SNP_ATTESTATION, TDX_ATTESTATION -> {
          String name =
              k.field() == SEV_SNP_ATTESTATION ? "sev_snp_attestation" : "tdx_attestation";
          ProtoReader.wire(k, ProtoReader.LEN, name);
          if (!unverified.isEmpty()) {
            throw new ParseException(
                name, k.at(), "a second TEE attestation (tee_attestation is a oneof)");
          }
          p.bytes(name);
          unverified.add(name + " (field " + k.field() + ")");
        }
        default ->
            throw new ParseException(
                "Attestation",
                k.at(),
                "unknown field " + k.field() + ": refused rather than ignored");
      }
    }
    if (akPub != null && akPub.length > limits.maxQuoteBytes()) {
      throw new ParseException("ak_pub", 0, akPub.length + " bytes (maxQuoteBytes)");
    }
    if (cert != null && cert.length > limits.maxAnchorBytes()) {
      throw new ParseException("ak_cert", 0, cert.length + " bytes (maxAnchorBytes)");
    }
    return new AttestationBundle(
        AttestationBundle.Container.GO_TPM_TOOLS,
        Optional.ofNullable(akPub),
        quotes,
        Optional.ofNullable(log),
        Optional.ofNullable(cel),
        Optional.ofNullable(cert),
        intermediates,
        unverified);
  }

  private static byte[] once(byte[] previous, ProtoReader p, ProtoReader.Key k, String name)
      throws ParseException {
    ProtoReader.wire(k, ProtoReader.LEN, name);
    if (previous != null) {
      throw twice(name, k);
    }
    return p.copy(name);
  }

  private static ParseException twice(String name, ProtoReader.Key k) {
    return new ParseException(
        name,
        k.at(),
        "given twice; a singular field appears once (readers disagree on which wins)");
  }

  /** tpm.Quote: 1 quote (TPMS_ATTEST), 2 raw_sig (TPMT_SIGNATURE), 3 pcrs. */
  private static AttestationBundle.SignedQuote quote(ByteReader body, String f, Limits limits)
      throws ParseException {
    ProtoReader p = new ProtoReader(body, f);
    byte[] attest = null;
    byte[] sig = null;
    Map<TpmHash, Map<Integer, byte[]>> pcrs = null;
    while (p.more()) {
      ProtoReader.Key k = p.key();
      switch (k.field()) {
        case 1 -> attest = once(attest, p, k, f + ".quote");
        case 2 -> sig = once(sig, p, k, f + ".raw_sig");
        case 3 -> {
          ProtoReader.wire(k, ProtoReader.LEN, f + ".pcrs");
          if (pcrs != null) {
            throw twice(f + ".pcrs", k);
          }
          pcrs = pcrs(p.bytes(f + ".pcrs"), f + ".pcrs");
        }
        default ->
            throw new ParseException(
                f, k.at(), "unknown field " + k.field() + ": refused rather than ignored");
      }
    }
    if (attest == null || sig == null) {
      throw new ParseException(
          f, body.position(), attest == null ? "no quote (field 1)" : "no raw_sig (field 2)");
    }
    if (attest.length > limits.maxQuoteBytes()) {
      throw new ParseException(f + ".quote", 0, attest.length + " bytes (maxQuoteBytes)");
    }
    return new AttestationBundle.SignedQuote(attest, sig, pcrs == null ? Map.of() : pcrs);
  }

  /** tpm.PCRs: 1 hash (TPM_ALG_ID), 2 map&lt;uint32, bytes&gt; pcrs. */
  private static Map<TpmHash, Map<Integer, byte[]>> pcrs(ByteReader body, String f)
      throws ParseException {
    ProtoReader p = new ProtoReader(body, f);
    Long hashId = null;
    int hashAt = body.position();
    List<Map.Entry<Integer, byte[]>> entries = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    while (p.more()) {
      ProtoReader.Key k = p.key();
      switch (k.field()) {
        case 1 -> {
          ProtoReader.wire(k, ProtoReader.VARINT, f + ".hash");
          if (hashId != null) {
            throw twice(f + ".hash", k);
          }
          hashAt = k.at();
          hashId = p.varint(f + ".hash");
        }
        case 2 -> {
          ProtoReader.wire(k, ProtoReader.LEN, f + ".pcrs");
          if (entries.size() >= QuoteParser.PCR_COUNT) {
            throw new ParseException(f + ".pcrs", k.at(), "more than 24 PCR values");
          }
          at.add(k.at());
          entries.add(entry(p.bytes(f + ".pcrs"), f + ".pcrs[" + entries.size() + "]"));
        }
        default ->
            throw new ParseException(
                f, k.at(), "unknown field " + k.field() + ": refused rather than ignored");
      }
    }
    long id = hashId == null ? 0 : hashId;
    int hashOffset = hashAt;
    TpmHash bank =
        TpmHash.byId((int) Math.min(id, Integer.MAX_VALUE))
            .orElseThrow(
                () ->
                    new ParseException(
                        f + ".hash", hashOffset, "unsupported or missing bank " + id));
    Map<Integer, byte[]> values = new TreeMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Map.Entry<Integer, byte[]> e = entries.get(i);
      if (e.getValue().length != bank.size()) {
        throw new ParseException(
            f + ".pcrs[" + e.getKey() + "]",
            at.get(i),
            e.getValue().length + " bytes; a " + bank.label() + " PCR has " + bank.size());
      }
      if (values.put(e.getKey(), e.getValue()) != null) {
        throw new ParseException(f + ".pcrs", at.get(i), "PCR " + e.getKey() + " given twice");
      }
    }
    Map<TpmHash, Map<Integer, byte[]>> out = new EnumMap<>(TpmHash.class);
    out.put(bank, values);
    return out;
  }

  /** A map entry: 1 key (uint32, 0 when omitted), 2 value (bytes). */
  private static Map.Entry<Integer, byte[]> entry(ByteReader body, String f) throws ParseException {
    ProtoReader p = new ProtoReader(body, f);
    long key = 0;
    byte[] value = new byte[0];
    boolean seenKey = false;
    boolean seenValue = false;
    while (p.more()) {
      ProtoReader.Key k = p.key();
      if (k.field() == 1) {
        ProtoReader.wire(k, ProtoReader.VARINT, f + ".key");
        if (seenKey) {
          throw twice(f + ".key", k);
        }
        seenKey = true;
        key = p.varint(f + ".key");
      } else if (k.field() == 2) {
        ProtoReader.wire(k, ProtoReader.LEN, f + ".value");
        if (seenValue) {
          throw twice(f + ".value", k);
        }
        seenValue = true;
        value = p.copy(f + ".value");
      } else {
        throw new ParseException(f, k.at(), "unknown field " + k.field());
      }
    }
    if (key < 0 || key >= QuoteParser.PCR_COUNT) {
      throw new ParseException(
          f + ".key", body.position(), "PCR " + Long.toUnsignedString(key) + "; PCRs are 0..23");
    }
    return Map.entry((int) key, value);
  }
}
