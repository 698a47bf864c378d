package dev.teepol.core.evidence;

import dev.teepol.core.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * How dstack apps fill report_data ({@code QuoteContentType}): {@code raw} (the content itself,
 * zero-padded to 64 bytes) or {@code sha512(tag ":" content)} with a tag such as {@code app-data},
 * {@code ratls-cert} or {@code kms-root-ca}. Tags name intent; they are not a security boundary
 * (dstack #1266), so a match says only that these bytes were committed to. Providers use it to
 * check bindings; policies reach it as the CEL functions {@code report_data.raw(hex)} and {@code
 * report_data.tagged(tag, hex)}.
 */
public final class ReportDataConventions {
  /** Names used in check details and in docs: a policy can require one of them. */
  public static final String RAW = "raw";

  public static final String APP_DATA = "sha512:app-data";

  private ReportDataConventions() {}

  public static Optional<byte[]> raw(byte[] content) {
    return content.length > 64 ? Optional.empty() : Optional.of(Arrays.copyOf(content, 64));
  }

  public static byte[] tagged(String tag, byte[] content) {
    MessageDigest md = Digests.sha512();
    md.update(tag.getBytes(StandardCharsets.UTF_8));
    md.update((byte) ':');
    md.update(content);
    return md.digest();
  }

  /** The convention under which {@code reportData} commits to {@code content}, if any. */
  public static Optional<String> match(byte[] reportData, byte[] content) {
    Optional<byte[]> raw = raw(content);
    if (raw.isPresent() && MessageDigest.isEqual(raw.get(), reportData)) {
      return Optional.of(RAW);
    }
    if (MessageDigest.isEqual(tagged("app-data", content), reportData)) {
      return Optional.of(APP_DATA);
    }
    return Optional.empty();
  }
}
