package dev.teepol.providers.sevsnp.abi;

import java.util.Locale;
import java.util.Optional;

/**
 * The AMD EPYC generations SEV-SNP reports come from, as AMD's KDS names them. Each has its own
 * ARK, ASK and ASVK, and Turin its own TCB_VERSION layout.
 */
public enum Product {
  MILAN("Milan", TcbLayout.MILAN_GENOA),
  GENOA("Genoa", TcbLayout.MILAN_GENOA),
  TURIN("Turin", TcbLayout.TURIN);

  private final String kdsName;
  private final TcbLayout layout;

  Product(String kdsName, TcbLayout layout) {
    this.kdsName = kdsName;
    this.layout = layout;
  }

  /** The name in KDS paths, certificate names and the VCEK's productName ("Milan", ...). */
  public String kdsName() {
    return kdsName;
  }

  public TcbLayout tcbLayout() {
    return layout;
  }

  /**
   * The product from a v3+ report's CPUID_FAM_ID and CPUID_MOD_ID (extended family and model, as in
   * CPUID Fn0000_0001_EAX): family 0x19 models 0x00–0x0F Milan, 0x10–0x1F and 0xA0–0xAF Genoa
   * (Genoa, Bergamo, Siena share Genoa's keys), family 0x1A models 0x00–0x1F Turin. Anything else
   * is unknown, never a guess.
   */
  public static Optional<Product> fromCpuid(int family, int model) {
    if (family == 0x19) {
      if (model <= 0x0F) {
        return Optional.of(MILAN);
      }
      if (model <= 0x1F || (model >= 0xA0 && model <= 0xAF)) {
        return Optional.of(GENOA);
      }
    } else if (family == 0x1A && model <= 0x1F) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }

  /**
   * The product a KDS name denotes: {@code Milan}, the VCEK productName {@code Milan-B0} (a
   * stepping after the dash), case-sensitive as AMD writes it.
   */
  public static Optional<Product> byName(String name) {
    int dash = name.indexOf('-');
    String base = dash < 0 ? name : name.substring(0, dash);
    for (Product p : values()) {
      if (p.kdsName.equals(base)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Lower-case id for check details and policy values ({@code milan}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
