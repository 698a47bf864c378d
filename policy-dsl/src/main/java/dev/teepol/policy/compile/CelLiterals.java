package dev.teepol.policy.compile;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

/** Spelling of CEL literals for generated expressions; every user string goes through here. */
final class CelLiterals {
  private CelLiterals() {}

  static String str(String s) {
    StringBuilder b = new StringBuilder("'");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('\'').toString();
  }

  static String list(Collection<String> items) {
    return items.stream().map(CelLiterals::str).collect(Collectors.joining(", ", "[", "]"));
  }

  static String duration(Duration d) {
    return "duration('" + d.getSeconds() + "s')";
  }

  static String timestamp(Instant i) {
    return "timestamp('" + i + "')";
  }
}
