package dev.teepol.providers.tdx.sim;

/**
 * What the PCK certificate's SGX extension says about the platform. CPUSVN is the 16 SGX TCB
 * component SVNs as bytes, which is how Intel's PCK certificates encode it.
 */
public record PlatformTcb(
    byte[] ppid, int[] sgxComponents, int pceSvn, byte[] pceId, byte[] fmspc) {

  public PlatformTcb {
    if (ppid.length != 16 || sgxComponents.length != 16 || pceId.length != 2 || fmspc.length != 6) {
      throw new IllegalArgumentException("PPID 16, components 16, PCE-ID 2 and FMSPC 6 bytes");
    }
    ppid = ppid.clone();
    sgxComponents = sgxComponents.clone();
    pceId = pceId.clone();
    fmspc = fmspc.clone();
  }

  public byte[] cpuSvn() {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) sgxComponents[i];
    }
    return out;
  }

  /** The SVNs a platform would report when it sits exactly at {@code level}. */
  public PlatformTcb at(TcbLevel level) {
    return new PlatformTcb(ppid, level.sgxComponents(), level.pceSvn(), pceId, fmspc);
  }
}
