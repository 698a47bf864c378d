package dev.teepol.providers.dstack;

import dev.teepol.core.crypto.Digests;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Replays a dstack event log into RTMR0..3: {@code mr = SHA-384(mr ‖ digest)} from 48 zero bytes,
 * with one reused digest instance. Runtime events contribute their recomputed digest.
 *
 * @param rtmrs the four replayed registers
 * @param rtmr3Computable false when a runtime event had an unknown version (RTMR3 then proves
 *     nothing)
 * @param rtmr3AtBootDone RTMR3 right after the first {@code boot-mr-done} event, when there is one
 * @param runtimeDigestMismatches indexes of runtime events whose supplied, non-empty digest differs
 *     from the recomputed one
 */
public record RtmrReplay(
    List<byte[]> rtmrs,
    boolean rtmr3Computable,
    Optional<byte[]> rtmr3AtBootDone,
    List<Integer> runtimeDigestMismatches) {
  public static final String BOOT_MR_DONE = "boot-mr-done";

  public static RtmrReplay of(List<DstackEvent> events) {
    MessageDigest md = Digests.sha384();
    byte[][] mr = new byte[4][48];
    boolean computable = true;
    byte[] boot = null;
    List<Integer> mismatches = new java.util.ArrayList<>();
    for (DstackEvent e : events) {
      byte[] digest;
      if (e.isRuntime()) {
        Optional<byte[]> d = RuntimeEventDigest.of(e, md);
        if (d.isEmpty()) {
          computable &= e.imr() != 3;
          continue;
        }
        digest = d.get();
        byte[] supplied = e.suppliedDigestRef();
        if (supplied.length != 0 && !MessageDigest.isEqual(supplied, digest)) {
          mismatches.add(e.index());
        }
      } else {
        digest = e.suppliedDigestRef();
      }
      md.reset();
      md.update(mr[e.imr()]);
      md.update(digest);
      mr[e.imr()] = md.digest();
      if (boot == null && e.imr() == 3 && e.isRuntime() && BOOT_MR_DONE.equals(e.name())) {
        boot = mr[3].clone();
      }
    }
    return new RtmrReplay(
        List.of(mr), computable, Optional.ofNullable(boot), List.copyOf(mismatches));
  }
}
