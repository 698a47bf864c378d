package dev.teepol.core.spi;

import java.util.Map;

/**
 * A request for one collateral document, e.g. {@code tcb_info} with {@code fmspc=b0c06f000000,
 * tee=tdx}. The vocabulary of types and parameters belongs to the provider that asks.
 */
public record CollateralRequest(String type, Map<String, String> params) {
  public CollateralRequest {
    params = Map.copyOf(params);
  }

  public String param(String name) {
    return params.getOrDefault(name, "");
  }
}
