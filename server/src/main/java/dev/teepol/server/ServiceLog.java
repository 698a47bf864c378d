package dev.teepol.server;

import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Service events (start, stop, policy reloads, warnings) as JSON lines on the same stream as the
 * access log, told apart by {@code "type": "event"}.
 */
public final class ServiceLog {
  private final Consumer<String> sink;
  private final Clock clock;

  public ServiceLog(Consumer<String> sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  public void event(String level, String message, Map<String, String> fields) {
    JsonObjectBuilder b =
        JsonOut.JSON
            .createObjectBuilder()
            .add("time", clock.instant().toString())
            .add("type", "event")
            .add("level", level)
            .add("message", message);
    fields.forEach(b::add);
    try {
      sink.accept(JsonOut.compact(b.build()));
    } catch (RuntimeException e) {
      // A broken log sink must not stop the service.
    }
  }

  public void info(String message) {
    event("info", message, Map.of());
  }

  public void warn(String message) {
    event("warn", message, Map.of());
  }
}
