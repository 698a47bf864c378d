package dev.teepol.providers.tdx;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.providers.tdx.abi.BodyKind;
import dev.teepol.providers.tdx.abi.EnclaveReport;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.TdAttributeBits;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tdx.verify.DcapVerifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a verified DCAP quote into the normalized evidence model. */
final class TdxEvidence {
  private TdxEvidence() {}

  static Evidence of(String subject, DcapVerifier.Result r, NonceInfo nonce) {
    if (r.quote().isEmpty()) {
      return Evidence.empty(TdxProvider.ID, subject);
    }
    Quote q = r.quote().get();
    Map<String, String> m = q.isTdx() ? tdMeasurements(q) : sgxMeasurements(q);
    Map<String, Binding> bound = new LinkedHashMap<>();
    m.keySet().forEach(k -> bound.put("measurements." + k, Binding.HARDWARE));
    bound.put("report_data", Binding.HARDWARE);
    int rdOffset = q.isTdx() ? TdReport.REPORT_DATA : EnclaveReport.REPORT_DATA;
    long tdAttributes = q.isTdx() ? TdAttributeBits.of(q) : 0;
    // Any bit of the TUD group is a debug feature: a TD with one set is not confidential.
    boolean debug = q.isTdx()
        ? TdAttributeBits.debug(tdAttributes)
        : (q.bodyByte(EnclaveReport.ATTRIBUTES) & EnclaveReport.ATTRIBUTES_DEBUG_BIT) != 0;
    Tcb tcb = r.tcb().map(j -> {
      bound.put("platform.tcb", Binding.SIGNATURE);
      return new Tcb(j.status().label, j.advisoryIds(), j.tcbDate(),
          r.tcbInfo().map(t -> t.tcbEvaluationDataNumber()).orElse(-1L), r.componentStatus());
    }).orElse(new Tcb("", List.of(), Optional.empty(), r.tcbInfo().map(t -> t.tcbEvaluationDataNumber()).orElse(-1L), r.componentStatus()));
    CollateralInfo collateral = r.tcbInfo().map(t -> new CollateralInfo(Optional.of(t.issueDate()),
        Optional.of(earliest(t.nextUpdate(), r.qeIdentity().map(x -> x.nextUpdate()))), r.collateralSource()))
        .orElse(CollateralInfo.NONE);
    Platform platform = new Platform(q.isTdx() ? "tdx" : "sgx", "intel", debug, tcb, collateral,
        q.isTdx() ? TdAttributeBits.named(tdAttributes) : TdAttributes.NONE);
    if (q.isTdx()) {
      bound.put("platform.td_attributes", Binding.HARDWARE);
    }
    return Evidence.builder(TdxProvider.ID, subject).platform(platform).measurements(m).reportData(q.bodyHex(rdOffset, 64))
        .nonce(nonce).bound(bound).build();
  }

  private static Instant earliest(Instant a, Optional<Instant> b) {
    return b.filter(x -> x.isBefore(a)).orElse(a);
  }

  static Map<String, String> tdMeasurements(Quote q) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mrtd", q.bodyHex(TdReport.MR_TD, 48));
    for (int i = 0; i < 4; i++) {
      m.put("rtmr" + i, q.bodyHex(TdReport.rtmr(i), 48));
    }
    m.put("mr_seam", q.bodyHex(TdReport.MR_SEAM, 48));
    m.put("mr_signer_seam", q.bodyHex(TdReport.MR_SIGNER_SEAM, 48));
    m.put("mr_config_id", q.bodyHex(TdReport.MR_CONFIG_ID, 48));
    m.put("mr_owner", q.bodyHex(TdReport.MR_OWNER, 48));
    m.put("mr_owner_config", q.bodyHex(TdReport.MR_OWNER_CONFIG, 48));
    m.put("seam_attributes", q.bodyHex(TdReport.SEAM_ATTRIBUTES, 8));
    m.put("td_attributes", q.bodyHex(TdReport.TD_ATTRIBUTES, 8));
    m.put("xfam", q.bodyHex(TdReport.XFAM, 8));
    m.put("tee_tcb_svn", q.bodyHex(TdReport.TEE_TCB_SVN, 16));
    if (q.bodyKind() == BodyKind.TD15) {
      m.put("tee_tcb_svn2", q.bodyHex(TdReport.TEE_TCB_SVN2, 16));
      m.put("mr_servicetd", q.bodyHex(TdReport.MR_SERVICE_TD, 48));
    }
    return m;
  }

  static Map<String, String> sgxMeasurements(Quote q) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mr_enclave", q.bodyHex(EnclaveReport.MR_ENCLAVE, 32));
    m.put("mr_signer", q.bodyHex(EnclaveReport.MR_SIGNER, 32));
    m.put("attributes", q.bodyHex(EnclaveReport.ATTRIBUTES, 16));
    m.put("cpu_svn", q.bodyHex(EnclaveReport.CPU_SVN, 16));
    m.put("misc_select", q.bodyHex(EnclaveReport.MISC_SELECT, 4));
    m.put("isv_prod_id", Integer.toString(EnclaveReport.u16(q.raw(), q.bodyOffset() + EnclaveReport.ISV_PROD_ID)));
    m.put("isv_svn", Integer.toString(EnclaveReport.u16(q.raw(), q.bodyOffset() + EnclaveReport.ISV_SVN)));
    return m;
  }

  static String reportData(Quote q) {
    return Hex.of(q.raw(), q.bodyOffset() + (q.isTdx() ? TdReport.REPORT_DATA : EnclaveReport.REPORT_DATA), 64);
  }
}
