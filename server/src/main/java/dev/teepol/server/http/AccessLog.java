package dev.teepol.server.http;

import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON object per request, on one line (docs/service.md): when, who, what, how it ended and how
 * long it took, plus the policy, decision and cache use of a verification. Never the evidence or a
 * challenge token.
 */
public final class AccessLog {
  private final Consumer<String> sink;

  public AccessLog(Consumer<String> sink) {
    this.sink = sink;
  }

  /** Writes to standard output, one line per request. */
  public static AccessLog stdout() {
    return new AccessLog(
        line -> {
          synchronized (System.out) {
            System.out.println(line);
          }
        });
  }

  void log(
      Instant at,
      String requestId,
      String remote,
      String method,
      String path,
      int status,
      long bytesIn,
      long bytesOut,
      double millis,
      Map<String, String> fields) {
    JsonObjectBuilder b =
        JsonOut.JSON
            .createObjectBuilder()
            .add("time", at.toString())
            .add("type", "access")
            .add("request_id", requestId)
            .add("remote", remote)
            .add("method", method)
            .add("path", path)
            .add("status", status)
            .add("bytes_in", bytesIn)
            .add("bytes_out", bytesOut)
            .add("duration_ms", Math.round(millis * 1000) / 1000.0);
    fields.forEach(b::add);
    try {
      sink.accept(JsonOut.compact(b.build()));
    } catch (RuntimeException e) {
      // A broken log sink must not fail requests.
    }
  }
}
