package dev.teepol.providers.tdx.sim;

import java.util.List;

/** A TCB level keyed by a single ISV SVN: QE identity levels and TDX module identity levels. */
public record IsvTcbLevel(int isvSvn, String tcbDate, String status, List<String> advisoryIds) {
  public IsvTcbLevel {
    advisoryIds = List.copyOf(advisoryIds);
  }
}
