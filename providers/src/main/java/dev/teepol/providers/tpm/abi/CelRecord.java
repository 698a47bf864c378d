package dev.teepol.providers.tpm.abi;

import java.util.Map;

/**
 * One record of a TCG Canonical Event Log (CEL, TLV encoding) as the COS / Confidential Space
 * launcher writes it. The arrays are the parser's own copies and are never modified.
 *
 * @param digests per bank, for the banks teepol knows
 * @param contentType the content TLV's type ({@link #COS_CONTENT} for launcher events)
 * @param content the whole content TLV (type, length, value): the bytes each digest hashes
 * @param value the content TLV's value
 */
public record CelRecord(
    long recnum,
    int offset,
    int pcr,
    Map<TpmHash, byte[]> digests,
    int contentType,
    byte[] content,
    byte[] value) {

  /** The content type go-tpm-tools gives COS launcher events. */
  public static final int COS_CONTENT = 80;

  public CelRecord {
    digests = Map.copyOf(digests);
  }
}
