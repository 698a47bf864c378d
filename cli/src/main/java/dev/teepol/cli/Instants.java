package dev.teepol.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parses the instants users and corpus files write: ISO 8601 with an offset, or unix seconds. */
public final class Instants {
  private static final Pattern UNIX_SECONDS = Pattern.compile("-?\\d{1,12}");

  private Instants() {}

  /**
   * @throws IllegalArgumentException with a message fit for the user when the text is neither form
   */
  public static Instant parse(String text) {
    String t = text.strip();
    if (UNIX_SECONDS.matcher(t).matches()) {
      return Instant.ofEpochSecond(Long.parseLong(t));
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      // An explicit offset other than Z (2025-01-01T01:00:00+01:00) is just as unambiguous.
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is neither an ISO 8601 instant with offset"
                + " (2025-01-01T00:00:00Z) nor unix seconds");
      }
    }
  }
}
