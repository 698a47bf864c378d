package dev.teepol.providers.tdx.collateral;

import java.time.Instant;
import java.util.List;

/** Intel's signed identity of the quoting enclave (QE for SGX, TD_QE for TDX). Hex is lowercase. */
public record QeIdentity(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    long tcbEvaluationDataNumber,
    String miscSelect,
    String miscSelectMask,
    String attributes,
    String attributesMask,
    String mrSigner,
    int isvProdId,
    List<IsvLevel> levels) {
  public QeIdentity {
    levels = List.copyOf(levels);
  }
}
