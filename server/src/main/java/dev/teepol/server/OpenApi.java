package dev.teepol.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * The OpenAPI 3.1 document served at /openapi.json, a resource next to this class. Written by hand
 * and kept equal to the route table by {@code OpenApiTest} (paths, methods and status codes).
 */
final class OpenApi {
  private OpenApi() {}

  static byte[] document() {
    try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
