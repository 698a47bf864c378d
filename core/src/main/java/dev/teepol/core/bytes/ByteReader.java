package dev.teepol.core.bytes;

import java.util.Arrays;

/**
 * A cursor over a byte array in which every read is checked against the remaining length before
 * anything is allocated. Reads never copy unless asked ({@link #bytes}); {@link #skip} and {@link
 * #slice} hand out offsets into the original array.
 */
public final class ByteReader {
  private final byte[] data;
  private final int end;
  private int pos;

  public ByteReader(byte[] data) {
    this(data, 0, data.length);
  }

  public ByteReader(byte[] data, int start, int end) {
    if (start < 0 || end > data.length || start > end) {
      throw new IllegalArgumentException("bad window " + start + ".." + end + " of " + data.length);
    }
    this.data = data;
    this.pos = start;
    this.end = end;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public byte[] array() {
    return data;
  }

  /**
   * Ensures {@code n} bytes are available for {@code field}; returns the offset where they start.
   */
  public int require(String field, long n) throws ParseException {
    if (n < 0) {
      throw new ParseException(field, pos, "negative length " + n);
    }
    if (n > end - pos) {
      throw new ParseException(
          field, pos, "needs " + n + " bytes, only " + (end - pos) + " remain");
    }
    return pos;
  }

  public int u8(String field) throws ParseException {
    require(field, 1);
    return data[pos++] & 0xff;
  }

  public int u16le(String field) throws ParseException {
    int at = require(field, 2);
    pos += 2;
    return u16le(data, at);
  }

  public long u32le(String field) throws ParseException {
    int at = require(field, 4);
    pos += 4;
    return u32le(data, at);
  }

  public long u64le(String field) throws ParseException {
    int at = require(field, 8);
    pos += 8;
    return u64le(data, at);
  }

  public int u16be(String field) throws ParseException {
    int at = require(field, 2);
    pos += 2;
    return (data[at] & 0xff) << 8 | (data[at + 1] & 0xff);
  }

  public long u32be(String field) throws ParseException {
    int at = require(field, 4);
    pos += 4;
    return Integer.toUnsignedLong(
        (data[at] & 0xff) << 24
            | (data[at + 1] & 0xff) << 16
            | (data[at + 2] & 0xff) << 8
            | (data[at + 3] & 0xff));
  }

  public long u64be(String field) throws ParseException {
    long hi = u32be(field);
    long lo = u32be(field);
    return hi << 32 | lo;
  }

  /** Advances over {@code n} bytes and returns the offset where they start. */
  public int skip(String field, long n) throws ParseException {
    int at = require(field, n);
    pos += (int) n;
    return at;
  }

  /** A copy of the next {@code n} bytes (n is checked before the allocation). */
  public byte[] bytes(String field, long n) throws ParseException {
    int at = skip(field, n);
    return Arrays.copyOfRange(data, at, at + (int) n);
  }

  /** A reader over the next {@code n} bytes, sharing the array; this reader moves past them. */
  public ByteReader slice(String field, long n) throws ParseException {
    int at = skip(field, n);
    return new ByteReader(data, at, at + (int) n);
  }

  /**
   * Little-endian u16 at {@code at} of an array the caller has already bounded (a fixed-layout
   * structure whose length the parser checked): the one place besides the cursor reads above where
   * teepol assembles little-endian integers.
   */
  public static int u16le(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  /** Little-endian u32 at {@code at}, as {@link #u16le(byte[], int)}. */
  public static long u32le(byte[] b, int at) {
    return Integer.toUnsignedLong(le32(b, at));
  }

  /**
   * Little-endian u64 at {@code at} (the full 64 bits; the sign bit is bit 63), as {@link
   * #u16le(byte[], int)}.
   */
  public static long u64le(byte[] b, int at) {
    return Integer.toUnsignedLong(le32(b, at)) | ((long) le32(b, at + 4)) << 32;
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }
}
