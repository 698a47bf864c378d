package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;

/**
 * The protocol-buffers wire format, bounded: varints of at most 10 bytes, length-delimited fields
 * checked against the bytes left, and only the wire types a go-tpm-tools message uses (varint and
 * length-delimited; groups and fixed-width fields are refused). A message is read field by field;
 * the caller decides what each field number means and refuses the ones it does not know.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int LEN = 2;

  private final ByteReader r;
  private final String message;

  ProtoReader(ByteReader r, String message) {
    this.r = r;
    this.message = message;
  }

  boolean more() {
    return r.remaining() > 0;
  }

  int position() {
    return r.position();
  }

  /** The next field's key: field number and wire type. */
  Key key() throws ParseException {
    int at = r.position();
    long key = varint(message + ".key");
    long field = key >>> 3;
    int wire = (int) (key & 7);
    if (field < 1 || field > Integer.MAX_VALUE) {
      throw new ParseException(message, at, "field number " + field);
    }
    if (wire != VARINT && wire != LEN) {
      throw new ParseException(
          message + " field " + field,
          at,
          "wire type " + wire + "; the message uses only varint (0) and length-delimited (2)");
    }
    return new Key((int) field, wire, at);
  }

  record Key(int field, int wire, int at) {}

  long varint(String f) throws ParseException {
    int at = r.position();
    long v = 0;
    for (int i = 0; i < 10; i++) {
      int b = r.u8(f);
      v |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new ParseException(f, at, "varint longer than 10 bytes");
  }

  /** A length-delimited value as a reader over it. */
  ByteReader bytes(String f) throws ParseException {
    int at = r.position();
    long len = varint(f + ".length");
    if (len < 0 || len > r.remaining()) {
      throw new ParseException(
          f,
          at,
          "length " + Long.toUnsignedString(len) + ", only " + r.remaining() + " bytes remain");
    }
    return r.slice(f, len);
  }

  /** A length-delimited value, copied. */
  byte[] copy(String f) throws ParseException {
    ByteReader v = bytes(f);
    return v.bytes(f, v.remaining());
  }

  /** Refuses a key whose wire type is not the one the field is declared with. */
  static void wire(Key k, int expected, String f) throws ParseException {
    if (k.wire() != expected) {
      throw new ParseException(
          f, k.at(), "wire type " + k.wire() + ", the field is declared with " + expected);
    }
  }
}
