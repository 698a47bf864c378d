package dev.teepol.core.io;

import dev.teepol.core.limits.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way teepol reads an input file (evidence, policy, suite, trust anchor, collateral, NRAS
 * material). The bound is enforced on the bytes actually read, never on {@code Files.size}: a pipe,
 * a device such as {@code /dev/zero} or {@code /dev/stdin}, or a file that grows while it is read
 * reports a size that means nothing, and reading it whole would exhaust the heap.
 */
public final class BoundedFiles {
  private static final int CHUNK = 64 << 10;

  private BoundedFiles() {}

  /**
   * Reads at most {@code limit} bytes of {@code file}.
   *
   * @param what names the input in the error, e.g. "policy my.yaml"
   * @throws LimitExceededException the file holds more than {@code limit} bytes; reading stops at
   *     {@code limit + 1} bytes, so the cost is bounded whatever the file is
   */
  public static byte[] read(Path file, long limit, String what)
      throws IOException, LimitExceededException {
    if (limit < 0 || limit > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("limit " + limit + " is not a valid in-memory bound");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, (int) limit, what);
    }
  }

  /**
   * Reads at most {@code limit} bytes of a stream; more is refused after reading one byte past it.
   */
  public static byte[] read(InputStream in, int limit, String what)
      throws IOException, LimitExceededException {
    // Grow in chunks rather than allocate the limit up front: most inputs are far smaller than it.
    byte[] buf = new byte[Math.min(CHUNK, limit + 1)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n > limit) {
          break;
        }
        buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) limit + 1, (long) buf.length * 2));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    if (n > limit) {
      throw new LimitExceededException(what + " (read stopped at the limit)", n, limit);
    }
    return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
  }

  /**
   * The first {@code n} bytes of a file (fewer when it is shorter): for sniffing, never an error on
   * size.
   */
  public static byte[] head(Path file, int n) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }

  /**
   * Reads a UTF-8 text file of at most {@code limit} bytes. Bytes that are not UTF-8 are refused
   * with the offset of the first one, not replaced: a policy or suite must mean what its bytes say.
   */
  public static String readUtf8(Path file, long limit, String what)
      throws IOException, LimitExceededException {
    return decodeUtf8(read(file, limit, what), what);
  }

  /** Strict UTF-8: the first malformed byte is an error naming its offset. */
  public static String decodeUtf8(byte[] bytes, String what) throws CharacterCodingException {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return dec.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw new NotUtf8Exception(what, in.position());
    }
  }

  /** Text input that is not UTF-8, with the byte offset where decoding stopped. */
  public static final class NotUtf8Exception extends CharacterCodingException {
    private final String message;

    NotUtf8Exception(String what, int offset) {
      this.message = what + " is not UTF-8 text (invalid byte at offset " + offset + ")";
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
