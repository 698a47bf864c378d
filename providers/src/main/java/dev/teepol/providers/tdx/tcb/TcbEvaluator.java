package dev.teepol.providers.tdx.tcb;

import dev.teepol.core.bytes.Hex;
import dev.teepol.providers.tdx.collateral.IsvLevel;
import dev.teepol.providers.tdx.collateral.TcbInfo;
import dev.teepol.providers.tdx.collateral.TcbLevel;
import dev.teepol.providers.tdx.collateral.TdxModuleIdentity;
import java.util.List;
import java.util.Optional;

/**
 * Intel's TCB level selection: levels are listed from highest to lowest and the first level whose
 * every SVN is ≤ the platform's applies. For TDX the TEE TCB SVN is compared too, skipping its
 * first two bytes (module minor SVN and major version) when module identities judge those.
 */
public final class TcbEvaluator {
  private TcbEvaluator() {}

  /** Platform level for SGX component SVNs + PCESVN, and for TDX also TEE_TCB_SVN. */
  public static Optional<TcbLevel> platformLevel(
      TcbInfo info, List<Integer> sgxSvns, int pceSvn, Optional<byte[]> teeTcbSvn) {
    int tdxStart = 0;
    if (teeTcbSvn.isPresent() && !info.tdxModuleIdentities().isEmpty() && teeTcbSvn.get()[1] != 0) {
      tdxStart = 2;
    }
    for (TcbLevel level : info.levels()) {
      if (!atLeast(sgxSvns, level.sgxComponents(), 0) || pceSvn < level.pceSvn()) {
        continue;
      }
      if (teeTcbSvn.isPresent()) {
        if (level.tdxComponents().size() != 16
            || !atLeast(unsigned(teeTcbSvn.get()), level.tdxComponents(), tdxStart)) {
          continue;
        }
      }
      return Optional.of(level);
    }
    return Optional.empty();
  }

  /** The first level whose ISVSVN is ≤ {@code isvSvn}. */
  public static Optional<IsvLevel> isvLevel(List<IsvLevel> levels, int isvSvn) {
    return levels.stream().filter(l -> isvSvn >= l.isvSvn()).findFirst();
  }

  /** The module identity for this TEE TCB SVN: {@code TDX_<major>} from byte 1. */
  public static Optional<TdxModuleIdentity> moduleIdentity(TcbInfo info, byte[] teeTcbSvn) {
    String id = String.format("TDX_%02X", teeTcbSvn[1] & 0xff);
    return info.tdxModuleIdentities().stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
  }

  /** {@code (value & mask) == (expected & mask)}, all hex of equal length. */
  public static boolean maskedEquals(String valueHex, String expectedHex, String maskHex) {
    byte[] v = Hex.decode(valueHex);
    byte[] e = Hex.decode(expectedHex);
    byte[] m = Hex.decode(maskHex);
    if (v.length != m.length || e.length != m.length) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < m.length; i++) {
      diff |= (v[i] & m[i]) ^ (e[i] & m[i]);
    }
    return diff == 0;
  }

  private static boolean atLeast(List<Integer> have, List<Integer> need, int from) {
    if (have.size() != need.size()) {
      return false;
    }
    for (int i = from; i < need.size(); i++) {
      if (have.get(i) < need.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static List<Integer> unsigned(byte[] b) {
    Integer[] out = new Integer[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xff;
    }
    return List.of(out);
  }
}
