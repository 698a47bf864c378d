package dev.teepol.providers.tpm.verify;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.providers.tpm.abi.EventLog;
import dev.teepol.providers.tpm.abi.EventType;
import dev.teepol.providers.tpm.abi.TcgEvent;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.UefiVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replay cannot see: an event's type and data are not what the PCR was extended with, so a
 * log whose digests replay correctly may still say something else. For the event types whose digest
 * is defined as the hash of their data, the data must hash to the digest in every bank (with the
 * two variants real firmware and shim produce: Boot#### variables hashed without their header, and
 * shim's authority events with one extra byte). Separators in PCRs 0–7 hold 00000000 or FFFFFFFF
 * and occur once per PCR; an event that is not a separator may not carry a separator's digest (a
 * relabelled separator would hide where pre-boot configuration ends); PCR 7 holds only the event
 * types of the Secure Boot policy, its configuration variables come before its separator, once
 * each; the SecureBoot variable is one byte, 0 or 1; every PCR 8 EV_IPL event is a GRUB string
 * whose digest is the hash of the command (so a command cannot be hidden by editing its prefix).
 */
public final class EventDataRules {
  /** Problems listed in full; the rest are counted. */
  static final int MAX_LISTED = 8;

  static final byte[] SEPARATOR_OK = {0, 0, 0, 0};
  static final byte[] SEPARATOR_ERROR = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
  static final byte[] GCE_NONHOST = "GCE NonHostInfo\0".getBytes(StandardCharsets.US_ASCII);

  /** Event types whose digest is the hash of their data, exactly. */
  private static final Set<Long> DIGEST_OF_DATA =
      Set.of(
          EventType.EV_SEPARATOR,
          EventType.EV_ACTION,
          EventType.EV_EFI_ACTION,
          EventType.EV_EVENT_TAG,
          EventType.EV_COMPACT_HASH,
          EventType.EV_S_CRTM_VERSION,
          EventType.EV_EFI_GPT_EVENT,
          EventType.EV_EFI_VARIABLE_DRIVER_CONFIG);

  /** The event types PCR 7 (Secure Boot policy) may hold. */
  private static final Set<Long> PCR7_TYPES =
      Set.of(
          EventType.EV_NO_ACTION,
          EventType.EV_SEPARATOR,
          EventType.EV_EFI_ACTION,
          EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
          EventType.EV_EFI_VARIABLE_AUTHORITY);

  private EventDataRules() {}

  /** Every problem, one line each, at most {@link #MAX_LISTED} listed; empty when all hold. */
  /** The digests of the two valid separator values, per bank. */
  private static final Map<TpmHash, byte[][]> SEPARATOR_DIGESTS = separatorDigests();

  private static Map<TpmHash, byte[][]> separatorDigests() {
    Map<TpmHash, byte[][]> m = new EnumMap<>(TpmHash.class);
    for (TpmHash h : TpmHash.values()) {
      m.put(h, new byte[][] {h.hash(SEPARATOR_OK), h.hash(SEPARATOR_ERROR)});
    }
    return m;
  }

  public static List<String> check(EventLog log) {
    List<String> problems = new ArrayList<>();
    Map<TpmHash, byte[][]> separatorDigests = SEPARATOR_DIGESTS;
    boolean[] separator = new boolean[24];
    Set<String> pcr7Variables = new HashSet<>();
    for (TcgEvent e : log.events()) {
      if (e.noAction()) {
        continue;
      }
      String where =
          "event[" + e.index() + "] (" + EventType.name(e.type()) + ", PCR " + e.pcr() + ")";
      try {
        one(e, where, separatorDigests, separator, pcr7Variables, problems);
      } catch (ParseException ex) {
        problems.add(where + ": " + ex.getMessage());
      }
    }
    if (problems.size() > MAX_LISTED) {
      int more = problems.size() - MAX_LISTED;
      List<String> shown = new ArrayList<>(problems.subList(0, MAX_LISTED));
      shown.add("and " + more + " more");
      return shown;
    }
    return problems;
  }

  private static void one(
      TcgEvent e,
      String where,
      Map<TpmHash, byte[][]> separatorDigests,
      boolean[] separator,
      Set<String> pcr7Variables,
      List<String> problems)
      throws ParseException {
    long type = e.type();
    if (type != EventType.EV_SEPARATOR) {
      for (Map.Entry<TpmHash, byte[]> d : e.digests().entrySet()) {
        byte[][] sep = separatorDigests.get(d.getKey());
        if (Arrays.equals(d.getValue(), sep[0]) || Arrays.equals(d.getValue(), sep[1])) {
          problems.add(where + ": carries a separator's digest but is not typed EV_SEPARATOR");
          return;
        }
      }
    }
    if (e.pcr() == 7 && !PCR7_TYPES.contains(type)) {
      problems.add(where + ": not an event type of the Secure Boot policy (PCR 7)");
      return;
    }
    if (DIGEST_OF_DATA.contains(type)) {
      digestOfData(e, where, e.data(), problems);
    }
    if (type == EventType.EV_SEPARATOR && e.pcr() <= 7) {
      if (!Arrays.equals(e.data(), SEPARATOR_OK) && !Arrays.equals(e.data(), SEPARATOR_ERROR)) {
        problems.add(where + ": separator data is not 00000000 or ffffffff");
      }
      if (separator[e.pcr()]) {
        problems.add(where + ": a second separator in PCR " + e.pcr());
      }
      separator[e.pcr()] = true;
    } else if (type == EventType.EV_EFI_VARIABLE_DRIVER_CONFIG) {
      UefiVariable v = UefiVariable.parse(e.data(), "UEFI_VARIABLE_DATA", true);
      if (e.pcr() == 7) {
        if (separator[7]) {
          problems.add(where + ": variable " + v.name() + " measured after the PCR 7 separator");
        }
        if (!pcr7Variables.add(guidName(v))) {
          problems.add(where + ": variable " + v.name() + " measured twice");
        }
        if (v.is(UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot")
            && (v.data().length != 1 || (v.data()[0] & 0xff) > 1)) {
          problems.add(where + ": SecureBoot is not one byte 0 or 1");
        }
      }
    } else if (type == EventType.EV_EFI_VARIABLE_BOOT || type == EventType.EV_EFI_VARIABLE_BOOT2) {
      UefiVariable v = UefiVariable.parse(e.data(), "UEFI_VARIABLE_DATA", true);
      eitherDigest(e, where, e.data(), v.data(), "the variable or its data", problems);
    } else if (type == EventType.EV_EFI_VARIABLE_AUTHORITY) {
      UefiVariable v = UefiVariable.parse(e.data(), "UEFI_VARIABLE_DATA", false);
      byte[] shim = v.trailing() > 0 ? Arrays.copyOf(e.data(), e.data().length - 1) : e.data();
      eitherDigest(e, where, e.data(), shim, "the authority", problems);
    } else if (type == EventType.EV_NONHOST_INFO && startsWith(e.data(), GCE_NONHOST)) {
      digestOfData(e, where, e.data(), problems);
    } else if (type == EventType.EV_IPL && e.pcr() == 8) {
      var s = GrubStrings.parse(e.data());
      if (s.isEmpty()) {
        problems.add(where + ": not a GRUB command string (PCR 8 holds GRUB's measurements)");
      } else {
        eitherDigest(
            e, where, s.get().withoutNul(), s.get().withNul(), "the GRUB command", problems);
      }
    }
  }

  private static void digestOfData(TcgEvent e, String where, byte[] data, List<String> problems) {
    for (Map.Entry<TpmHash, byte[]> d : e.digests().entrySet()) {
      if (!Arrays.equals(d.getKey().hash(data), d.getValue())) {
        problems.add(
            where
                + ": the "
                + d.getKey().label()
                + " digest is not the hash of the event data: the data says something else");
        return;
      }
    }
  }

  private static void eitherDigest(
      TcgEvent e, String where, byte[] a, byte[] b, String what, List<String> problems) {
    for (Map.Entry<TpmHash, byte[]> d : e.digests().entrySet()) {
      TpmHash h = d.getKey();
      if (!Arrays.equals(h.hash(a), d.getValue()) && !Arrays.equals(h.hash(b), d.getValue())) {
        problems.add(
            where
                + ": the "
                + h.label()
                + " digest is not the hash of "
                + what
                + ": the data says something else");
        return;
      }
    }
  }

  static boolean startsWith(byte[] d, byte[] prefix) {
    return d.length >= prefix.length
        && Arrays.equals(d, 0, prefix.length, prefix, 0, prefix.length);
  }

  static String guidName(UefiVariable v) {
    return dev.teepol.core.bytes.Hex.of(v.guid()) + "/" + v.name();
  }
}
