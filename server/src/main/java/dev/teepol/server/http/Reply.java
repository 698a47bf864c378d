package dev.teepol.server.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: status, content type, body and extra headers; plus what the access log
 * and metrics record about a verification ({@code policy}, {@code decision}, {@code cached}).
 */
public record Reply(
    int status,
    String contentType,
    byte[] body,
    Map<String, String> headers,
    Map<String, String> logFields) {
  public static final String JSON = "application/json";

  public static Reply json(int status, String json) {
    return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of(), Map.of());
  }

  public static Reply of(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body, Map.of(), Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Reply(status, contentType, body, h, logFields);
  }

  public Reply withLog(Map<String, String> fields) {
    Map<String, String> f = new LinkedHashMap<>(logFields);
    f.putAll(fields);
    return new Reply(status, contentType, body, headers, f);
  }
}
