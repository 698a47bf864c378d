package dev.teepol.providers.tdx.sim;

import java.util.List;

/**
 * File names of a DCAP collateral directory, as read by {@link
 * dev.teepol.providers.tdx.collateral.DirectoryCollateralSource}.
 */
public final class CollateralLayout {
  public static final String TCB_INFO = "tcb_info.json";
  public static final String TCB_INFO_CHAIN = "tcb_info_issuer_chain.pem";
  public static final String QE_IDENTITY = "qe_identity.json";
  public static final String QE_IDENTITY_CHAIN = "qe_identity_issuer_chain.pem";
  public static final String PCK_CRL = "pck_crl.der";
  public static final String PCK_CRL_CHAIN = "pck_crl_issuer_chain.pem";
  public static final String ROOT_CA_CRL = "root_ca_crl.der";

  /** The trust anchor; not collateral, but shipped next to it so a directory is self-contained. */
  public static final String ROOT_CA = "root_ca.der";

  public static final String QUOTE = "quote.bin";
  public static final String COLLATERAL_DIR = "collateral";

  public static final List<String> COLLATERAL_FILES =
      List.of(
          TCB_INFO,
          TCB_INFO_CHAIN,
          QE_IDENTITY,
          QE_IDENTITY_CHAIN,
          PCK_CRL,
          PCK_CRL_CHAIN,
          ROOT_CA_CRL);

  private CollateralLayout() {}
}
