package dev.teepol.providers.tdx.tcb;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The TCB status one piece of the platform earned, with the advisories that apply to it. */
public record TcbJudgement(TcbStatus status, List<String> advisoryIds, Optional<Instant> tcbDate) {
  public TcbJudgement {
    advisoryIds = List.copyOf(advisoryIds);
  }
}
