package dev.teepol.server.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the service answers with an error document {@code {"error": {"status", "code",
 * "message"}}} instead of a verdict. Bad evidence is never one of these: it is a verdict (DENY)
 * whose checks say why.
 */
public final class ApiError extends Exception {
  private final int status;
  private final String code;
  private final Optional<Duration> retryAfter;

  public ApiError(int status, String code, String message) {
    this(status, code, message, Optional.empty());
  }

  public ApiError(int status, String code, String message, Optional<Duration> retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public static ApiError unavailable(String code, String message, Duration retryAfter) {
    return new ApiError(503, code, message, Optional.of(retryAfter));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
