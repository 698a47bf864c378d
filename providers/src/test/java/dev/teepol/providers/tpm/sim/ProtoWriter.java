package dev.teepol.providers.tpm.sim;

import java.io.ByteArrayOutputStream;

/** The protocol-buffers wire format, enough to write go-tpm-tools' Attestation message. */
final class ProtoWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtoWriter bytes(int field, byte[] value) {
    varint((long) field << 3 | 2);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtoWriter varint(int field, long value) {
    varint((long) field << 3);
    varint(value);
    return this;
  }

  private void varint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  byte[] done() {
    return out.toByteArray();
  }
}
