package dev.teepol.providers.sevsnp.verify;

import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.abi.TcbLayout;
import dev.teepol.providers.sevsnp.abi.TcbParts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's four TCB_VERSIONs and the status teepol derives from them. AMD publishes no TCB
 * status service, so the status says only whether the platform holds a TCB back: {@code UpToDate}
 * when REPORTED_TCB (what the VCEK/VLEK was derived for), COMMITTED_TCB (the anti-rollback floor),
 * CURRENT_TCB (what runs) and LAUNCH_TCB (what ran when the guest launched) are the same, {@code
 * OutOfDate} otherwise (as dstack judges). Whether the TCB is recent enough is the policy's call
 * ({@code tcb.minimum}).
 *
 * @param layout empty when the product, and so the byte layout, is unknown
 */
public record SnpTcb(
    long reported, long committed, long current, long launch, Optional<TcbLayout> layout) {
  public static final String UP_TO_DATE = "UpToDate";
  public static final String OUT_OF_DATE = "OutOfDate";

  public static SnpTcb of(SnpReport r, Optional<TcbLayout> layout) {
    return new SnpTcb(r.reportedTcb(), r.committedTcb(), r.currentTcb(), r.launchTcb(), layout);
  }

  public String status() {
    return reported == committed && reported == current && reported == launch
        ? UP_TO_DATE
        : OUT_OF_DATE;
  }

  /** Which TCB_VERSIONs differ from REPORTED_TCB, for messages. */
  public List<String> differences() {
    List<String> out = new ArrayList<>();
    named()
        .forEach(
            (k, v) -> {
              if (!k.equals("reported") && v != reported) {
                out.add(k + " " + describe(v) + " != reported " + describe(reported));
              }
            });
    return out;
  }

  /** The reported TCB's parts, when the layout is known. */
  public Optional<TcbParts> reportedParts() {
    return layout.map(l -> l.parts(reported));
  }

  /** {@code reported.bl} → "4", ... for every TCB and part, when the layout is known. */
  public Map<String, String> components() {
    Map<String, String> out = new LinkedHashMap<>();
    if (layout.isEmpty()) {
      return out;
    }
    named()
        .forEach(
            (k, v) ->
                layout
                    .get()
                    .parts(v)
                    .named()
                    .forEach((part, spl) -> out.put(k + "." + part, Integer.toString(spl))));
    return out;
  }

  private Map<String, Long> named() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("reported", reported);
    m.put("committed", committed);
    m.put("current", current);
    m.put("launch", launch);
    return m;
  }

  public String describe(long tcb) {
    return layout.map(l -> l.parts(tcb).toString()).orElse(String.format("%016x", tcb));
  }
}
