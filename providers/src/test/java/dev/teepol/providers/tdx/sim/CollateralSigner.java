package dev.teepol.providers.tdx.sim;

/**
 * Who signs a TCB info or QE identity, and which issuer chain ships with it. Only {@link
 * #TCB_SIGNING} is Intel's shape; every other value is a signer an attacker could hold or mint
 * (audit item 1), each wrong in one way.
 */
public enum CollateralSigner {
  /** The TCB Signing certificate, issued by the root: chain [TCB Signing, root]. */
  TCB_SIGNING,
  /** The quote's own PCK leaf key: chain [PCK leaf, PCK Platform CA, root]. */
  PCK_LEAF,
  /** The PCK Platform CA key: chain [PCK Platform CA, root]. */
  PCK_PLATFORM_CA,
  /**
   * Another platform's PCK leaf, listed in the PCK CRL: chain [revoked PCK leaf, PCK Platform CA,
   * root].
   */
  REVOKED_PCK_LEAF,
  /** The root CA key itself: chain [root]. */
  ROOT,
  /**
   * Named "TCB Signing" and issued by the root, but a CA (keyCertSign, cRLSign): chain [it, root].
   */
  TCB_NAMED_CA,
  /**
   * Named "TCB Signing", issued by the root, end entity, but only keyAgreement: chain [it, root].
   */
  TCB_NAMED_WITHOUT_DIGITAL_SIGNATURE,
  /**
   * Named "TCB Signing" with the right usage, but issued by the PCK Platform CA: chain [it, PCK CA,
   * root].
   */
  TCB_NAMED_ISSUED_BY_PCK_CA,
  /** Issued by the root with the right usage, but another name: chain [it, root]. */
  WRONG_NAME,
  /**
   * The genuine TCB Signing certificate with the root repeated: chain [TCB Signing, root, root].
   */
  EXTRA_CERT_IN_CHAIN,
  /**
   * The genuine TCB Signing certificate, but listed in the root CA CRL: chain [TCB Signing, root].
   */
  REVOKED_TCB_SIGNING
}
