package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A UEFI_VARIABLE_DATA (PC Client Platform Firmware Profile, 10.2.6): the data of the EFI variable
 * events. The arrays are the parser's own copies and are never modified.
 *
 * @param guid VariableName, the vendor GUID, in its in-memory (mixed-endian) byte order
 * @param name UnicodeName
 * @param data VariableData
 * @param trailing bytes after VariableData (shim's authority events carry some)
 */
public record UefiVariable(byte[] guid, String name, byte[] data, int trailing) {

  /** EFI_GLOBAL_VARIABLE 8BE4DF61-93CA-11D2-AA0D-00E098032B8C: SecureBoot, PK, KEK, Boot####. */
  public static final byte[] EFI_GLOBAL_VARIABLE = {
    0x61,
    (byte) 0xdf,
    (byte) 0xe4,
    (byte) 0x8b,
    (byte) 0xca,
    (byte) 0x93,
    (byte) 0xd2,
    0x11,
    (byte) 0xaa,
    0x0d,
    0x00,
    (byte) 0xe0,
    (byte) 0x98,
    0x03,
    0x2b,
    (byte) 0x8c
  };

  /** EFI_IMAGE_SECURITY_DATABASE_GUID D719B2CB-3D3A-4596-A3BC-DAD00E67656F: db, dbx. */
  public static final byte[] EFI_IMAGE_SECURITY_DATABASE = {
    (byte) 0xcb,
    (byte) 0xb2,
    0x19,
    (byte) 0xd7,
    0x3a,
    0x3d,
    (byte) 0x96,
    0x45,
    (byte) 0xa3,
    (byte) 0xbc,
    (byte) 0xda,
    (byte) 0xd0,
    0x0e,
    0x67,
    0x65,
    0x6f
  };

  /** Longest variable name accepted (UEFI names are short; "SbatLevel" is among the longest). */
  static final int MAX_NAME_CHARS = 256;

  /**
   * Decodes the structure; {@code exact} refuses bytes after VariableData (every event type but
   * EV_EFI_VARIABLE_AUTHORITY, whose shim quirk appends some).
   */
  public static UefiVariable parse(byte[] d, String field, boolean exact) throws ParseException {
    ByteReader r = new ByteReader(d);
    byte[] guid = r.bytes(field + ".VariableName", 16);
    int nameAt = r.position();
    long nameLen = r.u64le(field + ".UnicodeNameLength");
    long dataLen = r.u64le(field + ".VariableDataLength");
    if (nameLen < 0 || nameLen > MAX_NAME_CHARS) {
      throw new ParseException(
          field + ".UnicodeNameLength",
          nameAt,
          Long.toUnsignedString(nameLen) + " characters; at most " + MAX_NAME_CHARS);
    }
    byte[] name = r.bytes(field + ".UnicodeName", 2 * nameLen);
    if (dataLen < 0) {
      throw new ParseException(
          field + ".VariableDataLength", nameAt + 8, Long.toUnsignedString(dataLen) + " bytes");
    }
    byte[] data = r.bytes(field + ".VariableData", dataLen);
    if (exact && r.remaining() != 0) {
      throw new ParseException(
          field, r.position(), r.remaining() + " bytes after the end of the variable data");
    }
    return new UefiVariable(guid, new String(name, StandardCharsets.UTF_16LE), data, r.remaining());
  }

  public boolean is(byte[] vendor, String variable) {
    return Arrays.equals(guid, vendor) && name.equals(variable);
  }
}
