package dev.teepol.providers.tpm.sim;

import dev.teepol.providers.tpm.abi.EventType;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.UefiVariable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A software TPM for tests: an AK (RSA or ECC) certified by a test AK CA, a GCE-like boot event
 * log, the Confidential Space launcher's canonical event log, an unlogged PCR 15 extension (an
 * inference engine's hash, as Blindference's tier 1 does), and one quote per bank signed by the AK,
 * written as a go-tpm-tools Attestation protobuf. With a {@link TpmDefect} exactly one thing is
 * wrong; everything else stays consistent (quotes are taken after the log is final, so a log defect
 * does not also break the replay unless that is the defect).
 */
public final class TpmSimulator {
  /** The instant simulated evidence verifies at. */
  public static final Instant VERIFY_AT = Instant.parse("2025-01-01T00:00:00Z");

  /** The nonce simulated quotes answer (32 bytes). */
  public static final byte[] NONCE = SimEventLog.blob("nonce", 32);

  /** What Blindference's tier-1 nodes extend into PCR 15: the engine build's SHA-256. */
  public static final byte[] ENGINE_HASH =
      TpmHash.SHA256.hash("blindference-engine v1.4.2".getBytes(StandardCharsets.US_ASCII));

  private final Builder b;

  private TpmSimulator(Builder b) {
    this.b = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configuration; every default is genuine evidence. */
  public static final class Builder {
    private SimAk ak = SimAk.rsa("node-3");
    private SigScheme scheme;
    private TpmHash signHash = TpmHash.SHA256;
    private List<TpmHash> banks = List.of(TpmHash.SHA256, TpmHash.SHA1);
    private byte[] nonce = NONCE;
    private boolean certificate = true;
    private boolean gce = true;
    private boolean cel = true;
    private byte[] engine = ENGINE_HASH;
    private SimEventLog.Boot boot = SimEventLog.Boot.DEFAULT;
    private boolean legacyLog;
    private TpmDefect defect;
    private String caSeed = "teepol-tpm-ak-ca";
    private java.util.function.Consumer<SimEventLog> extraEvents = l -> {};

    public Builder ak(SimAk k) {
      this.ak = k;
      return this;
    }

    public Builder scheme(SigScheme s, TpmHash hash) {
      this.scheme = s;
      this.signHash = hash;
      return this;
    }

    /** The quoted banks, one quote each (the first is the strongest the evidence claims). */
    public Builder banks(List<TpmHash> banks) {
      this.banks = List.copyOf(banks);
      return this;
    }

    public Builder nonce(byte[] n) {
      this.nonce = n.clone();
      return this;
    }

    public Builder certificate(boolean c) {
      this.certificate = c;
      return this;
    }

    public Builder gce(boolean g) {
      this.gce = g;
      return this;
    }

    public Builder canonicalEventLog(boolean c) {
      this.cel = c;
      return this;
    }

    /** The hash extended (unlogged) into the SHA-256 PCR 15; null for none. */
    public Builder engine(byte[] hash) {
      this.engine = hash == null ? null : hash.clone();
      return this;
    }

    public Builder boot(SimEventLog.Boot o) {
      this.boot = o;
      return this;
    }

    /** A legacy SHA-1 event log (the banks must then be SHA-1 only). */
    public Builder legacyLog(boolean l) {
      this.legacyLog = l;
      return this;
    }

    public Builder defect(TpmDefect d) {
      this.defect = d;
      return this;
    }

    /** More events, added to the log after the typical boot (before quoting). */
    public Builder events(java.util.function.Consumer<SimEventLog> more) {
      this.extraEvents = more;
      return this;
    }

    /** Another test CA (a different root). */
    public Builder caSeed(String seed) {
      this.caSeed = seed;
      return this;
    }

    public TpmSimulator build() {
      return new TpmSimulator(this);
    }
  }

  public SimulatedTpm generate() {
    SigScheme scheme = b.scheme == null ? b.ak.defaultScheme() : b.scheme;
    long attributes =
        b.defect == TpmDefect.AK_NOT_RESTRICTED ? SimAk.unrestricted() : SimAk.AK_ATTRIBUTES;
    byte[] akPub = b.ak.publicArea(attributes, scheme, b.signHash);

    SimEventLog log =
        b.legacyLog
            ? SimEventLog.sha1()
            : SimEventLog.cryptoAgile(List.of(TpmHash.SHA1, TpmHash.SHA256, TpmHash.SHA384));
    log.typicalBoot(b.boot);
    b.extraEvents.accept(log);
    logDefectBeforeQuote(log);

    Map<TpmHash, Map<Integer, byte[]>> pcrs = new EnumMap<>(TpmHash.class);
    for (TpmHash h : b.banks) {
      pcrs.put(h, log.pcrs(h));
    }
    byte[] cel = null;
    if (b.cel) {
      cel = canonicalEventLog(pcrs);
    }
    if (b.engine != null && pcrs.containsKey(TpmHash.SHA256)) {
      Map<Integer, byte[]> s = pcrs.get(TpmHash.SHA256);
      s.put(15, SimEventLog.extend(TpmHash.SHA256, s.get(15), b.engine));
    }
    if (b.defect == TpmDefect.EVENT_AFTER_QUOTE) {
      log.grub("grub_cmd: echo measured after the quote");
    }
    if (b.defect == TpmDefect.EVENT_REMOVED) {
      log.events()
          .remove(
              log.events().stream()
                  .filter(e -> e.type() == EventType.EV_EFI_BOOT_SERVICES_APPLICATION)
                  .findFirst()
                  .orElseThrow());
    }
    if (b.defect == TpmDefect.FIRMWARE_PCR_WITHOUT_EVENTS) {
      log.events().removeIf(e -> e.pcr() == 2);
    }
    logDefectAfterQuote(log);

    X509Certificate cert = null;
    SimAkCa ca = SimAkCa.create(b.caSeed);
    if (b.certificate) {
      SimAkCa.Gce g = b.gce ? SimAkCa.Gce.DEFAULT : null;
      cert =
          switch (b.defect == null ? TpmDefect.QUOTE_BAD_SIGNATURE : b.defect) {
            case AK_CERT_FOR_ANOTHER_KEY -> ca.issue(SimAk.ecc("someone-else").publicKey(), g, 7);
            case AK_CERT_UNTRUSTED_CA ->
                SimAkCa.create(b.caSeed + "-rogue").issue(b.ak.publicKey(), g, 7);
            case AK_CERT_EXPIRED ->
                ca.issue(b.ak.publicKey(), g, 7, SimAkCa.NOT_BEFORE, VERIFY_AT.minusSeconds(86400));
            default -> ca.issue(b.ak.publicKey(), g, 7);
          };
    }

    ProtoWriter pb = new ProtoWriter().bytes(1, akPub);
    List<byte[]> signedParts = new ArrayList<>(List.of(akPub));
    for (int i = 0; i < b.banks.size(); i++) {
      pb.bytes(2, quote(i, b.banks.get(i), pcrs, scheme, signedParts));
    }
    pb.bytes(3, log.encode());
    if (cel != null) {
      pb.bytes(5, cel);
    }
    if (cert != null) {
      pb.bytes(6, der(cert));
      pb.bytes(
          7,
          der(
              b.defect == TpmDefect.AK_CERT_UNTRUSTED_CA
                  ? SimAkCa.create(b.caSeed + "-rogue").intermediate()
                  : ca.intermediate()));
    }
    return new SimulatedTpm(
        pb.done(),
        ca.root(),
        b.ak,
        b.nonce,
        pcrs,
        akPub,
        log.encode(),
        Optional.ofNullable(cel),
        Optional.ofNullable(cert),
        signedParts);
  }

  /** Log defects that the quote must reflect (replay-consistent, data-inconsistent). */
  private void logDefectBeforeQuote(SimEventLog log) {
    if (b.defect == null) {
      return;
    }
    switch (b.defect) {
      case SEPARATOR_TWICE -> log.add(7, EventType.EV_SEPARATOR, new byte[4]);
      case SEPARATOR_INVALID -> {
        for (SimEventLog.Event e : log.events()) {
          if (e.pcr() == 4 && e.type() == EventType.EV_SEPARATOR) {
            e.data = SimEventLog.ascii("abcd");
            for (TpmHash h : log.banks()) {
              e.digests.put(h, h.hash(e.data));
            }
          }
        }
      }
      case VARIABLE_AFTER_SEPARATOR ->
          log.add(
              7,
              EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
              SimEventLog.variable(
                  UefiVariable.EFI_IMAGE_SECURITY_DATABASE,
                  "db",
                  SimEventLog.blob("late-db", 100)));
      default -> {}
    }
  }

  /** Log defects made after quoting: the data changes, the digests do not. */
  private void logDefectAfterQuote(SimEventLog log) {
    if (b.defect == null) {
      return;
    }
    for (SimEventLog.Event e : log.events()) {
      switch (b.defect) {
        case EVENT_DATA_TAMPERED -> {
          if (e.pcr() == 7
              && e.type() == EventType.EV_EFI_VARIABLE_DRIVER_CONFIG
              && e.data().length == 53) {
            e.data =
                SimEventLog.variable(
                    UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {0});
          }
        }
        case SEPARATOR_RELABELLED -> {
          if (e.pcr() == 7 && e.type() == EventType.EV_SEPARATOR) {
            e.type = EventType.EV_EFI_ACTION;
          }
        }
        case GRUB_COMMAND_EDITED -> {
          if (e.pcr() == 8
              && new String(e.data(), StandardCharsets.US_ASCII)
                  .startsWith("grub_cmd: set timeout=0")) {
            e.data = SimEventLog.ascii("grub_cmd: set timeout=5\0");
          }
        }
        default -> {}
      }
    }
  }

  /**
   * One quote over all 24 PCRs of {@code bank}, signed by the AK; a quote defect hits the last
   * quote only, so the others still verify and every other check keeps passing.
   */
  private byte[] quote(
      int index,
      TpmHash bank,
      Map<TpmHash, Map<Integer, byte[]>> pcrs,
      SigScheme scheme,
      List<byte[]> signedParts) {
    boolean target = index == b.banks.size() - 1;
    TpmDefect d = b.defect;
    byte[] nonce = d == TpmDefect.OTHER_NONCE ? SimEventLog.blob("other-nonce", 32) : b.nonce;
    ByteArrayOutputStream concat = new ByteArrayOutputStream();
    pcrs.get(bank).values().forEach(concat::writeBytes);
    byte[] digest = b.signHash.hash(concat.toByteArray());
    Be attest =
        new Be()
            .u32(0xff544347L)
            .u16(target && d == TpmDefect.NOT_A_QUOTE ? 0x8017 : 0x8018)
            .sized(qualifiedSigner())
            .sized(nonce)
            .u64(8_219_159_479L + index)
            .u32(target && d == TpmDefect.QUOTES_FROM_TWO_BOOTS ? 11 : 10)
            .u32(0)
            .u8(1)
            .u64(0x2016051100162800L);
    if (target && d == TpmDefect.DUPLICATE_BANK_SELECTION) {
      attest
          .u32(2)
          .u16(bank.id())
          .u8(3)
          .bytes(new byte[] {-1, -1, -1})
          .u16(bank.id())
          .u8(3)
          .bytes(new byte[] {-1, -1, -1});
    } else {
      attest.u32(1).u16(bank.id()).u8(3).bytes(new byte[] {-1, -1, -1});
    }
    byte[] att = attest.sized(digest).done();
    SimAk signer = target && d == TpmDefect.SIGNED_BY_ANOTHER_KEY ? SimAk.rsa("impostor") : b.ak;
    if (signer != b.ak && !b.ak.isRsa()) {
      signer = SimAk.ecc("impostor");
    }
    byte[] sig = signer.sign(att, scheme, b.signHash);
    if (target && d == TpmDefect.QUOTE_BAD_SIGNATURE) {
      sig[sig.length - 5] ^= 0x01;
    }
    Map<Integer, byte[]> values = new TreeMap<>(pcrs.get(bank));
    if (target && d == TpmDefect.PCR_VALUE_TAMPERED) {
      byte[] v = values.get(9).clone();
      v[0] ^= 0x01;
      values.put(9, v);
    }
    signedParts.add(att);
    signedParts.add(sig);
    signedParts.addAll(values.values());
    ProtoWriter p = new ProtoWriter();
    for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
      ProtoWriter entry = new ProtoWriter();
      if (e.getKey() != 0) {
        entry.varint(1, e.getKey());
      }
      entry.bytes(2, e.getValue());
      p.bytes(2, entry.done());
    }
    byte[] pcrsMsg = new ProtoWriter().varint(1, bank.id()).done();
    byte[] pcrsAll = concat(pcrsMsg, p.done());
    return new ProtoWriter().bytes(1, att).bytes(2, sig).bytes(3, pcrsAll).done();
  }

  private byte[] qualifiedSigner() {
    byte[] h = TpmHash.SHA256.hash(b.ak.publicKey().getEncoded());
    return new Be().u16(TpmHash.SHA256.id()).bytes(h).done();
  }

  /**
   * The launcher's canonical event log: image reference, digest and id, restart policy, one
   * argument, one environment variable, the launch separator; extended into PCR 13 of every bank.
   */
  private byte[] canonicalEventLog(Map<TpmHash, Map<Integer, byte[]>> pcrs) {
    String[][] events = {
      {"0", "europe-docker.pkg.dev/teepol-sim/inference/engine:v1.4.2"},
      {"1", "sha256:" + dev.teepol.core.bytes.Hex.of(ENGINE_HASH)},
      {"2", "Never"},
      {
        "3",
        "sha256:"
            + dev.teepol.core.bytes.Hex.of(TpmHash.SHA256.hash(SimEventLog.ascii("image-config")))
      },
      {"4", "--serve"},
      {"5", "MODEL=llama-3-8b"},
      {"8", ""}
    };
    List<TpmHash> celBanks = new ArrayList<>(pcrs.keySet());
    Be out = new Be();
    for (int i = 0; i < events.length; i++) {
      int type = Integer.parseInt(events[i][0]);
      byte[] text = SimEventLog.ascii(events[i][1]);
      byte[] inner = tlv(type, text);
      byte[] content = tlv(80, inner);
      Be digests = new Be();
      for (TpmHash h : celBanks) {
        byte[] d = h.hash(content);
        digests.bytes(tlv(h.id(), d));
        pcrs.get(h).put(13, SimEventLog.extend(h, pcrs.get(h).get(13), d));
      }
      byte[] stored = content;
      if (b.defect == TpmDefect.COS_EVENT_EDITED && type == 1) {
        stored = tlv(80, tlv(1, SimEventLog.ascii("sha256:" + "ee".repeat(32))));
      }
      out.bytes(tlv(0, new Be().u64(i).done()))
          .bytes(tlv(1, new byte[] {13}))
          .bytes(tlv(3, digests.done()))
          .bytes(stored);
    }
    return out.done();
  }

  private static byte[] tlv(int type, byte[] value) {
    return new Be().u8(type).u32(value.length).bytes(value).done();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
