package dev.teepol.providers.sigstore.verify;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.providers.sigstore.abi.LogKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A transparency log checkpoint: a signed note (C2SP signed-note) whose body is {@code origin \n
 * tree size \n base64 root hash \n [extension lines]}. The signed bytes are the body up to and
 * including the newline before the blank line; each signature line is {@code — name base64(key hint
 * ‖ signature)}.
 *
 * @param origin the log's origin line
 * @param treeSize the tree size it commits to
 * @param rootHash the root hash it commits to
 * @param signedText the exact bytes the signatures cover
 * @param signatures every signature line
 */
record Checkpoint(
    String origin,
    long treeSize,
    byte[] rootHash,
    byte[] signedText,
    List<NoteSignature> signatures) {
  private static final String SIG_PREFIX = "\u2014 ";

  /** Signature lines read at most. */
  static final int MAX_SIGNATURES = 16;

  record NoteSignature(String name, byte[] keyHint, byte[] signature) {}

  static Checkpoint parse(String note) throws ParseException {
    int blank = note.indexOf("\n\n");
    if (blank < 0) {
      throw new ParseException(
          "checkpoint", 0, "no blank line between the body and its signatures");
    }
    String body = note.substring(0, blank + 1);
    String[] lines = body.split("\n", -1);
    if (lines.length < 4) {
      throw new ParseException(
          "checkpoint", 0, "the body needs an origin, a tree size and a root hash");
    }
    long size;
    try {
      if (lines[1].isEmpty()
          || lines[1].length() > 20
          || !lines[1].chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new NumberFormatException();
      }
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new ParseException(
          "checkpoint", lines[0].length() + 1, "tree size is not a decimal number");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new ParseException("checkpoint", 0, "root hash is not base64");
    }
    List<NoteSignature> sigs = new ArrayList<>();
    String rest = note.substring(blank + 2);
    for (String line : rest.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith(SIG_PREFIX)) {
        throw new ParseException("checkpoint", 0, "a line after the blank line is not a signature");
      }
      if (sigs.size() == MAX_SIGNATURES) {
        throw new ParseException("checkpoint", 0, "more than " + MAX_SIGNATURES + " signatures");
      }
      String[] parts = line.substring(SIG_PREFIX.length()).split(" ", -1);
      if (parts.length != 2) {
        throw new ParseException("checkpoint", 0, "a signature line is not '— name signature'");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new ParseException("checkpoint", 0, "a signature is not base64");
      }
      if (raw.length < 5) {
        throw new ParseException("checkpoint", 0, "a signature is too short");
      }
      sigs.add(
          new NoteSignature(
              parts[0], Arrays.copyOfRange(raw, 0, 4), Arrays.copyOfRange(raw, 4, raw.length)));
    }
    if (sigs.isEmpty()) {
      throw new ParseException("checkpoint", 0, "no signature");
    }
    return new Checkpoint(lines[0], size, root, body.getBytes(StandardCharsets.UTF_8), sigs);
  }

  /** Whether a signature whose key hint is this log's verifies with its key. */
  Optional<NoteSignature> signedBy(LogKey key, byte[] logId) {
    for (NoteSignature s : signatures) {
      if (Arrays.equals(s.keyHint(), keyHint(key, logId, s.name()))
          && LogSignatures.verify(key, s.signature(), signedText)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * ECDSA notes (Rekor v1) hint with the first bytes of the log id; Ed25519 notes (C2SP) with
   * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key).
   */
  static byte[] keyHint(LogKey key, byte[] logId, String name) {
    if (key.details().equals("PKIX_ED25519")) {
      MessageDigest md = Digests.sha256();
      md.update(name.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      md.update((byte) 1);
      md.update(SubjectPublicKeyInfo.getInstance(key.spki()).getPublicKeyData().getOctets());
      return Arrays.copyOf(md.digest(), 4);
    }
    return Arrays.copyOf(logId, 4);
  }
}
