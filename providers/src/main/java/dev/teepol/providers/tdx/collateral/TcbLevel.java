package dev.teepol.providers.tdx.collateral;

import java.time.Instant;
import java.util.List;

/**
 * A platform TCB level of a TCB info: minimum SVNs and the status a platform at or above them has.
 */
public record TcbLevel(
    List<Integer> sgxComponents,
    int pceSvn,
    List<Integer> tdxComponents,
    Instant tcbDate,
    String status,
    List<String> advisoryIds) {
  public TcbLevel {
    sgxComponents = List.copyOf(sgxComponents);
    tdxComponents = List.copyOf(tdxComponents);
    advisoryIds = List.copyOf(advisoryIds);
  }
}
