package dev.teepol.providers.tpm.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.providers.tpm.abi.EventLog;
import dev.teepol.providers.tpm.abi.TcgEvent;
import dev.teepol.providers.tpm.abi.TpmHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays an event log into one PCR bank ({@code PCR = H(PCR ‖ digest)}) and compares the result
 * with quoted values. EV_NO_ACTION events do not extend; PCR 0 starts at the locality a
 * StartupLocality event names; PCRs 17–22 (the DRTM PCRs) start at all-ones, the others at zero.
 */
public final class PcrReplay {
  /**
   * The firmware and boot-loader PCRs: UEFI firmware (0–7) and the boot loader (8–9) log every
   * extension through the TCG2 protocol, so a quoted value there that no event explains means
   * events were removed. Other PCRs may be owned by logs kept elsewhere (IMA in 10, the COS
   * launcher in 13, applications in 15, DRTM in 17–22).
   */
  public static final int LAST_FIRMWARE_PCR = 9;

  static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * One bank replayed.
   *
   * @param steps per PCR with events, the value after each extending event, in order
   * @param locality the StartupLocality PCR 0 started at
   */
  public record Replayed(TpmHash bank, Map<Integer, List<byte[]>> steps, int locality) {

    /** The replayed value of every PCR with events. */
    public Map<Integer, byte[]> finals() {
      Map<Integer, byte[]> out = new TreeMap<>();
      steps.forEach((p, s) -> out.put(p, s.get(s.size() - 1)));
      return out;
    }
  }

  /**
   * How one bank's replay compares with a quote over it.
   *
   * @param matched quoted PCRs whose value the log explains: replayed to it, or no events and the
   *     reset value
   * @param problems why the log and the quote disagree, one line per PCR
   * @param unexplained quoted PCRs above 9 with a value but no events (owned by another log)
   */
  public record Comparison(
      TpmHash bank, List<Integer> matched, List<String> problems, List<Integer> unexplained) {}

  private PcrReplay() {}

  public static Replayed replay(EventLog log, TpmHash bank) {
    int locality = 0;
    Map<Integer, List<byte[]>> steps = new TreeMap<>();
    Map<Integer, byte[]> current = new TreeMap<>();
    MessageDigest md = bank.newDigest();
    for (TcgEvent e : log.events()) {
      if (e.noAction()) {
        byte[] d = e.data();
        if (e.pcr() == 0
            && d.length == STARTUP_LOCALITY.length + 1
            && Arrays.equals(
                d, 0, STARTUP_LOCALITY.length, STARTUP_LOCALITY, 0, STARTUP_LOCALITY.length)) {
          locality = d[d.length - 1] & 0xff;
        }
        continue;
      }
      // A crypto-agile log carries every declared bank in every event (the parser checks), and a
      // bank the log does not declare is never replayed.
      Optional<byte[]> digest = e.digest(bank);
      if (digest.isEmpty()) {
        continue;
      }
      int pcr = e.pcr();
      int loc = locality;
      byte[] v = current.computeIfAbsent(pcr, p -> initial(p, bank, loc));
      md.update(v);
      md.update(digest.get());
      byte[] next = md.digest();
      current.put(pcr, next);
      steps.computeIfAbsent(pcr, p -> new ArrayList<>()).add(next);
    }
    return new Replayed(bank, steps, locality);
  }

  /** The value a PCR holds before its first extension. */
  public static byte[] initial(int pcr, TpmHash bank, int locality) {
    byte[] v = new byte[bank.size()];
    if (pcr >= 17 && pcr <= 22) {
      Arrays.fill(v, (byte) 0xff);
    } else if (pcr == 0) {
      v[v.length - 1] = (byte) locality;
    }
    return v;
  }

  /**
   * Compares a replay with the values a verified quote covers (PCR index → value, all of one bank).
   */
  public static Comparison compare(Replayed r, Map<Integer, byte[]> quoted) {
    List<Integer> matched = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Integer> unexplained = new ArrayList<>();
    String bank = r.bank().label();
    for (int pcr : new TreeSet<>(quoted.keySet())) {
      byte[] q = quoted.get(pcr);
      List<byte[]> s = r.steps().get(pcr);
      if (s == null) {
        if (Arrays.equals(q, initial(pcr, r.bank(), r.locality()))) {
          matched.add(pcr);
        } else if (pcr <= LAST_FIRMWARE_PCR) {
          problems.add(
              bank
                  + ":pcr"
                  + pcr
                  + " is "
                  + Hex.abbreviate(Hex.of(q))
                  + " but the log has no event for it: events were removed");
        } else {
          unexplained.add(pcr);
        }
        continue;
      }
      if (Arrays.equals(s.get(s.size() - 1), q)) {
        matched.add(pcr);
        continue;
      }
      int prefix = -1;
      for (int i = 0; i < s.size() - 1; i++) {
        if (Arrays.equals(s.get(i), q)) {
          prefix = i;
        }
      }
      problems.add(
          prefix >= 0
              ? bank
                  + ":pcr"
                  + pcr
                  + ": the quote matches the log after "
                  + (prefix + 1)
                  + " of "
                  + s.size()
                  + " events; "
                  + (s.size() - prefix - 1)
                  + " event(s) in the log came after the quote"
              : bank
                  + ":pcr"
                  + pcr
                  + ": the log replays to "
                  + Hex.abbreviate(Hex.of(s.get(s.size() - 1)))
                  + ", the quote has "
                  + Hex.abbreviate(Hex.of(q)));
    }
    return new Comparison(r.bank(), matched, problems, unexplained);
  }
}
