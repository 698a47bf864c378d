package dev.teepol.providers.tdx.collateral;

import java.time.Instant;
import java.util.List;

/** A TCB level keyed by one ISVSVN (QE identity levels, TDX module identity levels). */
public record IsvLevel(int isvSvn, Instant tcbDate, String status, List<String> advisoryIds) {
  public IsvLevel {
    advisoryIds = List.copyOf(advisoryIds);
  }
}
