package dev.teepol.providers.tdx.collateral;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Intel's signed TCB info for one FMSPC (SGX v2/v3 or TDX v3). Hex values are lowercase. */
public record TcbInfo(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    String fmspc,
    String pceId,
    long tcbEvaluationDataNumber,
    Optional<TdxModuleIdentity> tdxModule,
    List<TdxModuleIdentity> tdxModuleIdentities,
    List<TcbLevel> levels) {
  public TcbInfo {
    tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
    levels = List.copyOf(levels);
  }
}
