package dev.teepol.core.bytes;

/**
 * Malformed or hostile input: names the field being read and the byte offset where it failed, so a
 * user can point at the exact spot of a truncated or corrupted file.
 */
public final class ParseException extends Exception {
  private final String field;
  private final long offset;

  public ParseException(String field, long offset, String message) {
    super(field + " at offset " + offset + ": " + message);
    this.field = field;
    this.offset = offset;
  }

  public String field() {
    return field;
  }

  public long offset() {
    return offset;
  }
}
