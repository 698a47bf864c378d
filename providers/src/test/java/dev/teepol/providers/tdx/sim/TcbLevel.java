package dev.teepol.providers.tdx.sim;

import java.util.List;

/**
 * One platform TCB level of a TDX TCB info: the minimum SVNs a platform needs to earn {@code
 * status}. Component arrays always have 16 entries.
 */
public record TcbLevel(
    int[] sgxComponents,
    int pceSvn,
    int[] tdxComponents,
    String tcbDate,
    String status,
    List<String> advisoryIds) {

  public TcbLevel {
    if (sgxComponents.length != 16 || tdxComponents.length != 16) {
      throw new IllegalArgumentException("TCB component arrays must have 16 entries");
    }
    sgxComponents = sgxComponents.clone();
    tdxComponents = tdxComponents.clone();
    advisoryIds = List.copyOf(advisoryIds);
  }

  /** Pads {@code head} with zeros to the 16 components every TCB carries. */
  static int[] svns(int... head) {
    int[] out = new int[16];
    System.arraycopy(head, 0, out, 0, head.length);
    return out;
  }
}
