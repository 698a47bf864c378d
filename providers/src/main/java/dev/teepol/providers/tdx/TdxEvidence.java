package dev.teepol.providers.tdx;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.providers.tdx.abi.EnclaveReport;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.ReportBody;
import dev.teepol.providers.tdx.abi.TdAttributeBits;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tdx.verify.DcapVerifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a verified DCAP quote into the normalized evidence model: the one place its fields become
 * hex.
 */
final class TdxEvidence {
  private TdxEvidence() {}

  static Evidence of(String subject, DcapVerifier.Result r) {
    if (r.quote().isEmpty()) {
      return Evidence.empty(TdxProvider.ID, subject);
    }
    Quote q = r.quote().get();
    ReportBody body = q.body();
    Map<String, String> m =
        body instanceof TdReport td ? tdMeasurements(td) : sgxMeasurements((EnclaveReport) body);
    Map<String, Binding> bound = new LinkedHashMap<>();
    m.keySet().forEach(k -> bound.put("measurements." + k, Binding.HARDWARE));
    bound.put("report_data", Binding.HARDWARE);
    Tcb tcb =
        r.tcb()
            .map(
                j -> {
                  bound.put("platform.tcb", Binding.SIGNATURE);
                  return new Tcb(
                      j.status().label,
                      j.advisoryIds(),
                      j.tcbDate(),
                      r.tcbInfo().map(t -> t.tcbEvaluationDataNumber()).orElse(-1L),
                      r.componentStatus());
                })
            .orElse(
                new Tcb(
                    "",
                    List.of(),
                    Optional.empty(),
                    r.tcbInfo().map(t -> t.tcbEvaluationDataNumber()).orElse(-1L),
                    r.componentStatus()));
    CollateralInfo collateral =
        r.tcbInfo()
            .map(
                t ->
                    new CollateralInfo(
                        Optional.of(t.issueDate()),
                        Optional.of(
                            earliest(t.nextUpdate(), r.qeIdentity().map(x -> x.nextUpdate()))),
                        r.collateralSource()))
            .orElse(CollateralInfo.NONE);
    TdAttributes attributes =
        q.tdReport()
            .map(td -> TdAttributeBits.named(td.tdAttributeBits()))
            .orElse(TdAttributes.NONE);
    Platform platform =
        new Platform(q.isTdx() ? "tdx" : "sgx", "intel", body.debug(), tcb, collateral, attributes);
    if (q.isTdx()) {
      bound.put("platform.td_attributes", Binding.HARDWARE);
    }
    return Evidence.builder(TdxProvider.ID, subject)
        .platform(platform)
        .measurements(m)
        .reportData(Hex.of(body.reportData()))
        .bound(bound)
        .build();
  }

  private static Instant earliest(Instant a, Optional<Instant> b) {
    return b.filter(x -> x.isBefore(a)).orElse(a);
  }

  private static Map<String, String> tdMeasurements(TdReport td) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mrtd", Hex.of(td.mrTd()));
    for (int i = 0; i < TdReport.RTMR_COUNT; i++) {
      m.put("rtmr" + i, Hex.of(td.rtmr(i)));
    }
    m.put("mr_seam", Hex.of(td.mrSeam()));
    m.put("mr_signer_seam", Hex.of(td.mrSignerSeam()));
    m.put("mr_config_id", Hex.of(td.mrConfigId()));
    m.put("mr_owner", Hex.of(td.mrOwner()));
    m.put("mr_owner_config", Hex.of(td.mrOwnerConfig()));
    m.put("seam_attributes", Hex.of(td.seamAttributes()));
    m.put("td_attributes", Hex.of(td.tdAttributes()));
    m.put("xfam", Hex.of(td.xfam()));
    m.put("tee_tcb_svn", Hex.of(td.teeTcbSvn()));
    td.teeTcbSvn2().ifPresent(v -> m.put("tee_tcb_svn2", Hex.of(v)));
    td.mrServiceTd().ifPresent(v -> m.put("mr_servicetd", Hex.of(v)));
    return m;
  }

  private static Map<String, String> sgxMeasurements(EnclaveReport e) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mr_enclave", Hex.of(e.mrEnclave()));
    m.put("mr_signer", Hex.of(e.mrSigner()));
    m.put("attributes", Hex.of(e.attributes()));
    m.put("cpu_svn", Hex.of(e.cpuSvn()));
    m.put("misc_select", Hex.of(e.miscSelect()));
    m.put("isv_prod_id", Integer.toString(e.isvProdId()));
    m.put("isv_svn", Integer.toString(e.isvSvn()));
    return m;
  }
}
