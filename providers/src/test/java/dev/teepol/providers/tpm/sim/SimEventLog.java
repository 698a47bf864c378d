package dev.teepol.providers.tpm.sim;

import dev.teepol.providers.tpm.abi.EventType;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.UefiVariable;
import dev.teepol.providers.tpm.verify.PcrReplay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes TCG PC Client event logs the way firmware does: a crypto-agile log (Spec ID header, one
 * digest per bank) or a legacy SHA-1 log; each event's digest is the hash of what was measured (its
 * data for the types defined that way). {@link #typicalBoot} is a GCE-like UEFI boot: firmware,
 * Secure Boot variables, separators, shim and GRUB, a kernel command line.
 */
public final class SimEventLog {
  /** One event: what the log says (type, data) and what was extended (per bank). */
  public static final class Event {
    int pcr;
    long type;
    byte[] data;
    final Map<TpmHash, byte[]> digests = new EnumMap<>(TpmHash.class);

    Event(int pcr, long type, byte[] data) {
      this.pcr = pcr;
      this.type = type;
      this.data = data;
    }

    public int pcr() {
      return pcr;
    }

    public long type() {
      return type;
    }

    public byte[] data() {
      return data;
    }
  }

  private final List<TpmHash> banks;
  private final boolean legacy;
  private final List<Event> events = new ArrayList<>();

  private SimEventLog(List<TpmHash> banks, boolean legacy) {
    this.banks = List.copyOf(banks);
    this.legacy = legacy;
  }

  /** A crypto-agile log carrying {@code banks}. */
  public static SimEventLog cryptoAgile(List<TpmHash> banks) {
    return new SimEventLog(banks, false);
  }

  /** A legacy SHA-1 log. */
  public static SimEventLog sha1() {
    return new SimEventLog(List.of(TpmHash.SHA1), true);
  }

  public List<TpmHash> banks() {
    return banks;
  }

  public List<Event> events() {
    return events;
  }

  /** An event whose digest is the hash of its data. */
  public SimEventLog add(int pcr, long type, byte[] data) {
    return measured(pcr, type, data, data);
  }

  /** An event whose digest is the hash of {@code measured} (an image, a table, a file). */
  public SimEventLog measured(int pcr, long type, byte[] data, byte[] measured) {
    Event e = new Event(pcr, type, data);
    for (TpmHash h : banks) {
      e.digests.put(h, h.hash(measured));
    }
    events.add(e);
    return this;
  }

  /** An EV_NO_ACTION event (digests all zero, never extended). */
  public SimEventLog noAction(int pcr, byte[] data) {
    Event e = new Event(pcr, EventType.EV_NO_ACTION, data);
    for (TpmHash h : banks) {
      e.digests.put(h, new byte[h.size()]);
    }
    events.add(e);
    return this;
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A UEFI_VARIABLE_DATA. */
  public static byte[] variable(byte[] guid, String name, byte[] data) {
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    return new Be().bytes(guid).le64(name.length()).le64(data.length).bytes(n).bytes(data).done();
  }

  /** Deterministic filler standing for a measured blob. */
  public static byte[] blob(String label, int size) {
    byte[] out = new byte[size];
    new DeterministicRandom("blob:" + label).nextBytes(out);
    return out;
  }

  /** Options of {@link #typicalBoot}. */
  public record Boot(
      boolean secureBoot, boolean uefiDebugger, String kernelCmdline, int gceTechnology) {
    public static final Boot DEFAULT =
        new Boot(true, false, "/vmlinuz root=/dev/sda1 ro console=ttyS0", 4);
  }

  /**
   * A GCE-like UEFI boot: S-CRTM version and non-host info (PCR 0), Secure Boot configuration (PCR
   * 7), a boot variable (PCR 1), separators (PCRs 0–7), shim and GRUB images (PCR 4), a db
   * authority (PCR 7), GPT and exit-boot-services (PCR 5), GRUB commands and the kernel command
   * line (PCR 8), the kernel file (PCR 9).
   */
  public SimEventLog typicalBoot(Boot o) {
    add(
        0,
        EventType.EV_S_CRTM_VERSION,
        "GCE Virtual Firmware v1\0".getBytes(StandardCharsets.UTF_16LE));
    byte[] nonHost = new byte[32];
    System.arraycopy(ascii("GCE NonHostInfo\0"), 0, nonHost, 0, 16);
    nonHost[16] = (byte) o.gceTechnology();
    add(0, EventType.EV_NONHOST_INFO, nonHost);
    measured(0, EventType.EV_POST_CODE, ascii("ACPI DATA"), blob("acpi", 512));
    add(
        7,
        EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
        variable(
            UefiVariable.EFI_GLOBAL_VARIABLE,
            "SecureBoot",
            new byte[] {(byte) (o.secureBoot() ? 1 : 0)}));
    add(
        7,
        EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
        variable(UefiVariable.EFI_GLOBAL_VARIABLE, "PK", blob("pk", 800)));
    add(
        7,
        EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
        variable(UefiVariable.EFI_GLOBAL_VARIABLE, "KEK", blob("kek", 1100)));
    add(
        7,
        EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
        variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db", blob("db", 1500)));
    add(
        7,
        EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
        variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "dbx", blob("dbx", 2000)));
    if (o.uefiDebugger()) {
      add(7, EventType.EV_EFI_ACTION, ascii("UEFI Debug Mode"));
    }
    add(7, EventType.EV_SEPARATOR, new byte[4]);
    byte[] bootOrder = new byte[] {1, 0, 0, 0};
    measured(
        1,
        EventType.EV_EFI_VARIABLE_BOOT,
        variable(UefiVariable.EFI_GLOBAL_VARIABLE, "BootOrder", bootOrder),
        bootOrder);
    add(4, EventType.EV_EFI_ACTION, ascii("Calling EFI Application from Boot Option"));
    for (int pcr = 0; pcr <= 6; pcr++) {
      add(pcr, EventType.EV_SEPARATOR, new byte[4]);
    }
    measured(
        4,
        EventType.EV_EFI_BOOT_SERVICES_APPLICATION,
        blob("shim-load-event", 64),
        blob("shim.efi", 4096));
    add(
        7,
        EventType.EV_EFI_VARIABLE_AUTHORITY,
        variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db", blob("db-cert", 900)));
    measured(
        4,
        EventType.EV_EFI_BOOT_SERVICES_APPLICATION,
        blob("grub-load-event", 64),
        blob("grubx64.efi", 4096));
    add(5, EventType.EV_EFI_GPT_EVENT, blob("gpt", 300));
    grub("grub_cmd: set timeout=0");
    grub("grub_cmd: linux " + o.kernelCmdline());
    measured(9, EventType.EV_IPL, ascii("/vmlinuz\0"), blob("vmlinuz", 8192));
    grub("kernel_cmdline: " + o.kernelCmdline());
    add(5, EventType.EV_EFI_ACTION, ascii("Exit Boot Services Invocation"));
    return this;
  }

  /** A GRUB PCR 8 string: the data keeps the prefix and a NUL, the digest hashes neither. */
  public SimEventLog grub(String s) {
    int space = s.indexOf(' ');
    byte[] text = ascii(s.substring(space + 1));
    return measured(8, EventType.EV_IPL, ascii(s + "\0"), text);
  }

  public byte[] encode() {
    Be b = new Be();
    if (!legacy) {
      Be spec = new Be().bytes(ascii("Spec ID Event03\0")).le32(0).u8(0).u8(2).u8(0).u8(2);
      spec.le32(banks.size());
      for (TpmHash h : banks) {
        spec.le16(h.id()).le16(h.size());
      }
      spec.u8(0);
      byte[] specBytes = spec.done();
      b.le32(0)
          .le32(EventType.EV_NO_ACTION)
          .bytes(new byte[20])
          .le32(specBytes.length)
          .bytes(specBytes);
    }
    for (Event e : events) {
      b.le32(e.pcr).le32(e.type);
      if (legacy) {
        b.bytes(e.digests.get(TpmHash.SHA1));
      } else {
        b.le32(e.digests.size());
        for (Map.Entry<TpmHash, byte[]> d : e.digests.entrySet()) {
          b.le16(d.getKey().id()).bytes(d.getValue());
        }
      }
      b.le32(e.data.length).bytes(e.data);
    }
    return b.done();
  }

  /**
   * A StartupLocality EV_NO_ACTION event, put first (where firmware logs it): PCR 0 starts at
   * {@code locality}.
   */
  public SimEventLog startupLocality(int locality) {
    byte[] d = new byte[17];
    System.arraycopy(ascii("StartupLocality\0"), 0, d, 0, 16);
    d[16] = (byte) locality;
    noAction(0, d);
    events.add(0, events.remove(events.size() - 1));
    return this;
  }

  /** The value of every PCR 0..23 in {@code bank} after the log's events. */
  public Map<Integer, byte[]> pcrs(TpmHash bank) {
    int locality = 0;
    for (Event e : events) {
      if (e.type == EventType.EV_NO_ACTION && e.pcr == 0 && e.data.length == 17) {
        locality = e.data[16];
      }
    }
    Map<Integer, byte[]> out = new TreeMap<>();
    for (int p = 0; p < 24; p++) {
      out.put(p, PcrReplay.initial(p, bank, locality));
    }
    for (Event e : events) {
      if (e.type == EventType.EV_NO_ACTION) {
        continue;
      }
      out.put(e.pcr, extend(bank, out.get(e.pcr), e.digests.get(bank)));
    }
    return out;
  }

  static byte[] extend(TpmHash bank, byte[] pcr, byte[] digest) {
    MessageDigest md = bank.newDigest();
    md.update(pcr);
    md.update(digest);
    return md.digest();
  }
}
