package dev.teepol.providers.tdx.abi;

/** The report a quote carries: a TD report (TDX) or an enclave report (SGX). */
public sealed interface ReportBody permits TdReport, EnclaveReport {
  BodyKind kind();

  /** The 64 bytes the TEE's software chose to have signed. */
  byte[] reportData();

  /** Whether the TEE runs debuggable: a debuggable TD or enclave has no confidentiality. */
  boolean debug();

  /** The whole body as signed (a copy). */
  byte[] bytes();
}
