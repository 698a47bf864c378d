package dev.teepol.providers.tpm.sim;

import java.io.ByteArrayOutputStream;

/** A growing byte buffer with the TPM's big-endian and the TCG log's little-endian writes. */
final class Be {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Be u8(int v) {
    out.write(v);
    return this;
  }

  Be u16(int v) {
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  Be u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  Be u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  Be le16(int v) {
    out.write(v);
    out.write(v >>> 8);
    return this;
  }

  Be le32(long v) {
    le16((int) v);
    return le16((int) (v >>> 16));
  }

  Be le64(long v) {
    le32(v);
    return le32(v >>> 32);
  }

  Be bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** A TPM2B: u16 size, then the bytes. */
  Be sized(byte[] b) {
    return u16(b.length).bytes(b);
  }

  byte[] done() {
    return out.toByteArray();
  }
}
