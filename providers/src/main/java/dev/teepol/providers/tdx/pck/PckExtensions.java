package dev.teepol.providers.tdx.pck;

import java.util.List;

/**
 * The Intel SGX extension of a PCK certificate: which platform (FMSPC, PCE ID) at which TCB (16 SGX
 * component SVNs, PCESVN, CPUSVN). Hex values are lowercase.
 */
public record PckExtensions(
    String ppid,
    List<Integer> sgxTcbComponents,
    int pceSvn,
    String cpuSvn,
    String pceId,
    String fmspc,
    String caType) {
  public PckExtensions {
    sgxTcbComponents = List.copyOf(sgxTcbComponents);
  }
}
