package dev.teepol.providers.tpm.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.SecureBoot;
import dev.teepol.core.evidence.TpmBoot;
import dev.teepol.core.evidence.TpmEvent;
import dev.teepol.providers.tpm.abi.EventLog;
import dev.teepol.providers.tpm.abi.EventType;
import dev.teepol.providers.tpm.abi.TcgEvent;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.UefiVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Decodes what policies need from an event log: Secure Boot (PCR 7), the GRUB commands and kernel
 * command line (PCR 8), the EFI applications loaded (PCR 4), the GCE firmware version and
 * confidential technology (PCR 0, before its separator) and a UEFI debugger (the "UEFI Debug Mode"
 * action in PCR 7). Only events of PCRs {@code trusted} accepts are decoded; the data rules ({@link
 * EventDataRules}) have vouched for each event's data.
 */
public final class BootDecoder {
  static final int MAX_DESCRIPTION = 256;
  static final String UEFI_DEBUG_MODE = "UEFI Debug Mode";

  /** GCE's UCS-2 S-CRTM version prefix ("GCE Virtual Firmware v"). */
  static final byte[] GCE_FIRMWARE = "GCE Virtual Firmware v".getBytes(StandardCharsets.UTF_16LE);

  /**
   * GCEConfidentialTechnology (go-tpm-tools proto/attest.proto), by its byte in EV_NONHOST_INFO.
   */
  static final List<String> GCE_TECHNOLOGY =
      List.of("none", "amd-sev", "amd-sev-es", "", "amd-sev-snp", "intel-tdx");

  /**
   * @param debug a UEFI debugger was attached during boot
   * @param events every event of the log, decoded
   */
  public record Decoded(TpmBoot boot, boolean debug, List<TpmEvent> events) {}

  private BootDecoder() {}

  /**
   * @param bank the bank digests are reported in
   * @param trusted the PCRs whose events may be decoded into boot facts
   * @param replayedBanks the banks whose replay matched a quote (for the model)
   */
  public static Decoded decode(
      EventLog log, TpmHash bank, IntPredicate trusted, List<TpmHash> replayedBanks) {
    List<TpmEvent> events = new ArrayList<>();
    boolean secureBoot = false;
    String pk = "";
    String kek = "";
    String db = "";
    String dbx = "";
    List<String> authorities = new ArrayList<>();
    List<String> grub = new ArrayList<>();
    String cmdline = "";
    List<String> apps = new ArrayList<>();
    long firmware = 0;
    String technology = "";
    boolean debug = false;
    boolean pcr0Separated = false;
    for (TcgEvent e : log.events()) {
      boolean use = !e.noAction() && trusted.test(e.pcr());
      String description = "";
      try {
        description = describe(e);
        if (use) {
          long t = e.type();
          if (e.pcr() == 7 && t == EventType.EV_EFI_VARIABLE_DRIVER_CONFIG) {
            UefiVariable v = UefiVariable.parse(e.data(), "UEFI_VARIABLE_DATA", true);
            String h = Hex.of(Digests.sha256(v.data()));
            if (v.is(UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot")) {
              secureBoot = v.data().length == 1 && v.data()[0] == 1;
            } else if (v.is(UefiVariable.EFI_GLOBAL_VARIABLE, "PK")) {
              pk = h;
            } else if (v.is(UefiVariable.EFI_GLOBAL_VARIABLE, "KEK")) {
              kek = h;
            } else if (v.is(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db")) {
              db = h;
            } else if (v.is(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "dbx")) {
              dbx = h;
            }
          } else if (e.pcr() == 7 && t == EventType.EV_EFI_VARIABLE_AUTHORITY) {
            UefiVariable v = UefiVariable.parse(e.data(), "UEFI_VARIABLE_DATA", false);
            authorities.add(Hex.of(Digests.sha256(v.data())));
          } else if (e.pcr() == 7
              && t == EventType.EV_EFI_ACTION
              && new String(e.data(), StandardCharsets.US_ASCII).equals(UEFI_DEBUG_MODE)) {
            debug = true;
          } else if (e.pcr() == 8 && t == EventType.EV_IPL) {
            Optional<GrubStrings.Measured> s = GrubStrings.parse(e.data());
            if (s.isPresent()) {
              if (s.get().kernelCmdline()) {
                cmdline = s.get().text();
              } else {
                grub.add(s.get().text());
              }
            }
          } else if (e.pcr() == 4 && t == EventType.EV_EFI_BOOT_SERVICES_APPLICATION) {
            e.digest(bank).ifPresent(d -> apps.add(Hex.of(d)));
          } else if (e.pcr() == 0 && t == EventType.EV_SEPARATOR) {
            pcr0Separated = true;
          } else if (e.pcr() == 0 && !pcr0Separated && t == EventType.EV_S_CRTM_VERSION) {
            firmware = gceFirmware(e.data());
          } else if (e.pcr() == 0
              && !pcr0Separated
              && t == EventType.EV_NONHOST_INFO
              && EventDataRules.startsWith(e.data(), EventDataRules.GCE_NONHOST)
              && e.data().length > EventDataRules.GCE_NONHOST.length) {
            int tech = e.data()[EventDataRules.GCE_NONHOST.length] & 0xff;
            technology =
                tech < GCE_TECHNOLOGY.size() && !GCE_TECHNOLOGY.get(tech).isEmpty()
                    ? GCE_TECHNOLOGY.get(tech)
                    : "unknown-" + tech;
          }
        }
      } catch (ParseException ex) {
        // The data rules already failed this event; it decodes to nothing.
        use = false;
      }
      events.add(
          new TpmEvent(
              e.index(),
              e.pcr(),
              EventType.name(e.type()),
              e.noAction() ? "" : e.digest(bank).map(Hex::of).orElse(""),
              description,
              use));
    }
    TpmBoot boot =
        new TpmBoot(
            log.format().label(),
            bank.label(),
            replayedBanks.stream().map(TpmHash::label).toList(),
            new SecureBoot(secureBoot, pk, kek, db, dbx, authorities),
            cmdline,
            grub,
            apps,
            firmware,
            technology);
    return new Decoded(boot, debug, events);
  }

  /** The GCE firmware version from "GCE Virtual Firmware v&lt;n&gt;\0" in UCS-2, else 0. */
  static long gceFirmware(byte[] d) {
    if (!EventDataRules.startsWith(d, GCE_FIRMWARE) || d.length % 2 != 0) {
      return 0;
    }
    long v = 0;
    int digits = 0;
    for (int i = GCE_FIRMWARE.length; i + 1 < d.length; i += 2) {
      char c = (char) ((d[i] & 0xff) | (d[i + 1] & 0xff) << 8);
      if (c == 0) {
        break;
      }
      if (c < '0' || c > '9' || ++digits > 9) {
        return 0;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** A short, printable account of what an event says. */
  static String describe(TcgEvent e) throws ParseException {
    long t = e.type();
    String s;
    if (t == EventType.EV_EFI_VARIABLE_DRIVER_CONFIG
        || t == EventType.EV_EFI_VARIABLE_BOOT
        || t == EventType.EV_EFI_VARIABLE_BOOT2
        || t == EventType.EV_EFI_VARIABLE_AUTHORITY) {
      s = UefiVariable.parse(e.data(), "UEFI_VARIABLE_DATA", false).name();
    } else if (t == EventType.EV_S_CRTM_VERSION) {
      s = new String(e.data(), StandardCharsets.UTF_16LE);
    } else if (TEXT.contains(t)) {
      s = new String(e.data(), StandardCharsets.UTF_8);
    } else if (t == EventType.EV_SEPARATOR) {
      s = Hex.of(Arrays.copyOf(e.data(), Math.min(e.data().length, 8)));
    } else {
      s = "";
    }
    return printable(s);
  }

  private static final Set<Long> TEXT =
      Set.of(
          EventType.EV_ACTION,
          EventType.EV_EFI_ACTION,
          EventType.EV_IPL,
          EventType.EV_POST_CODE,
          EventType.EV_NO_ACTION);

  /** Control characters (NULs included) dropped, at most {@link #MAX_DESCRIPTION} characters. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < MAX_DESCRIPTION; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != 0x7f && !Character.isSurrogate(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
