package dev.teepol.core.evidence;

import java.util.List;

/**
 * UEFI Secure Boot as measured into PCR 7. Variable digests are SHA-256 of the variable's data (the
 * EFI_SIGNATURE_LIST bytes, as {@code efi-readvar} writes them), whatever bank the log used.
 *
 * @param enabled the SecureBoot variable was 1; false when it was 0 or not measured
 * @param pk SHA-256 of PK, "" when not measured
 * @param kek SHA-256 of KEK
 * @param db SHA-256 of db
 * @param dbx SHA-256 of dbx
 * @param authorities SHA-256 of each EFI_SIGNATURE_DATA that authorized an image (after the PCR 7
 *     separator), in order
 */
public record SecureBoot(
    boolean enabled, String pk, String kek, String db, String dbx, List<String> authorities) {
  public static final SecureBoot NONE = new SecureBoot(false, "", "", "", "", List.of());

  public SecureBoot {
    authorities = List.copyOf(authorities);
  }
}
