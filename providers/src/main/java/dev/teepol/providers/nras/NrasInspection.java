package dev.teepol.providers.nras;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Decoded;
import dev.teepol.providers.json.BoundedJson;
import java.util.Base64;

/**
 * An NRAS response decoded and not verified ({@code teepol inspect}): the header and claims of the
 * overall token and of each device's, read from their base64url parts without checking a signature
 * or trusting a key. Each part is parsed with the JSON bounds of every other document.
 */
final class NrasInspection {
  private NrasInspection() {}

  static Decoded decode(byte[] content, Limits limits) {
    NrasResponse r;
    try {
      r = NrasResponseParser.parse(content, limits);
    } catch (ParseException e) {
      return new Decoded.Undecodable(e.getMessage());
    }
    Decoded.GroupBuilder devices = Decoded.group();
    r.detached().forEach((name, jws) -> devices.put(name, token(jws, "$[1]." + name, limits)));
    return new Decoded.Fields(
        Decoded.group()
            .text("format", "NVIDIA NRAS attestation response (detached EAT)")
            .put("overall", token(r.overall(), "$[0][1]", limits))
            .put("devices", devices.build())
            .build());
  }

  /** A compact JWS: its header and claims as JSON, its signature as bytes; or why not. */
  static Decoded.Group token(String jws, String path, Limits limits) {
    String[] parts = jws.split("\\.", -1);
    if (parts.length != 3) {
      return Decoded.group()
          .text("error", path + ": a compact JWS has 3 parts, this has " + parts.length)
          .build();
    }
    Decoded.GroupBuilder g = Decoded.group();
    json(g, "header", parts[0], path + " header", limits);
    json(g, "claims", parts[1], path + " claims", limits);
    try {
      g.hex("signature", Base64.getUrlDecoder().decode(parts[2]));
    } catch (IllegalArgumentException e) {
      g.text("signature_error", path + " signature: not base64url: " + e.getMessage());
    }
    return g.build();
  }

  private static void json(
      Decoded.GroupBuilder g, String name, String part, String path, Limits limits) {
    try {
      g.put(name, Decoded.of(BoundedJson.parse(Base64.getUrlDecoder().decode(part), path, limits)));
    } catch (IllegalArgumentException e) {
      g.text(name + "_error", path + ": not base64url: " + e.getMessage());
    } catch (ParseException e) {
      g.text(name + "_error", e.getMessage());
    }
  }
}
