package dev.teepol.providers.tdx.collateral;

import dev.teepol.core.spi.CollateralRequest;
import java.util.Locale;
import java.util.Map;

/**
 * The collateral vocabulary of Intel DCAP, shared by every {@link
 * dev.teepol.core.spi.CollateralSource} that serves it: which documents exist and which parameters
 * select them.
 */
public final class DcapRequests {
  public static final String TCB_INFO = "tcb_info";
  public static final String QE_IDENTITY = "qe_identity";
  public static final String PCK_CRL = "pck_crl";
  public static final String ROOT_CA_CRL = "root_ca_crl";

  /** Parameter: "tdx" or "sgx". */
  public static final String TEE = "tee";

  /** Parameter: FMSPC, 12 lowercase hex digits. */
  public static final String FMSPC = "fmspc";

  /** Parameter: "platform" or "processor" (which PCK CA issued the PCK certificate). */
  public static final String CA = "ca";

  private DcapRequests() {}

  public static CollateralRequest tcbInfo(String tee, String fmspc) {
    return new CollateralRequest(TCB_INFO, Map.of(TEE, tee, FMSPC, fmspc.toLowerCase(Locale.ROOT)));
  }

  public static CollateralRequest qeIdentity(String tee) {
    return new CollateralRequest(QE_IDENTITY, Map.of(TEE, tee));
  }

  public static CollateralRequest pckCrl(String ca) {
    return new CollateralRequest(PCK_CRL, Map.of(CA, ca));
  }

  public static CollateralRequest rootCaCrl() {
    return new CollateralRequest(ROOT_CA_CRL, Map.of());
  }
}
