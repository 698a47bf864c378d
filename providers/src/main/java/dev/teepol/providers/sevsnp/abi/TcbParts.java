package dev.teepol.providers.sevsnp.abi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security patch levels of one TCB_VERSION, decoded with its product's layout.
 *
 * @param fmc FMC SPL (Turin), -1 where the product has none
 */
public record TcbParts(int fmc, int bl, int tee, int snp, int ucode) {

  /** Component name → SPL, in AMD's order, without FMC where the product has none. */
  public Map<String, Integer> named() {
    Map<String, Integer> m = new LinkedHashMap<>();
    if (fmc >= 0) {
      m.put("fmc", fmc);
    }
    m.put("bl", bl);
    m.put("tee", tee);
    m.put("snp", snp);
    m.put("ucode", ucode);
    return m;
  }

  @Override
  public String toString() {
    return named().toString();
  }
}
