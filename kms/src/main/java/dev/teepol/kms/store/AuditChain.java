package dev.teepol.kms.store;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit table's hash chain: {@code hash = SHA-256(prev_hash ‖ seq ‖ each field, every field
 * length-prefixed)}, so no two different rows hash alike and an edited, deleted or reordered row
 * breaks the chain from that row on. Appends lock the one head row, so appends from every replica
 * form a single chain.
 */
public final class AuditChain {
  static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** Appends inside the caller's transaction (the caller commits). */
  public static AuditEntry append(Connection c, AuditEntry.Draft d) throws SQLException {
    long seq;
    String prev;
    try (PreparedStatement s =
            c.prepareStatement("SELECT seq, hash FROM kms_audit_head WHERE id = 1 FOR UPDATE");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new SQLException("the audit head row is missing: the schema was not migrated");
      }
      seq = r.getLong(1) + 1;
      prev = r.getString(2);
    }
    int max = dev.teepol.core.limits.Limits.MAX_KMS_AUDIT_DETAIL_CHARS;
    String detail = d.detail().length() > max ? d.detail().substring(0, max) + "…" : d.detail();
    AuditEntry e =
        new AuditEntry(
            seq,
            d.at(),
            d.action(),
            d.secret(),
            d.evidenceSha256(),
            d.policySha256(),
            d.decision(),
            detail,
            prev,
            "");
    String hash = hash(e);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO kms_audit (seq, at_ms, action, secret, evidence_sha256, policy_sha256,"
                + " decision, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      s.setLong(1, seq);
      s.setLong(2, e.at().toEpochMilli());
      s.setString(3, e.action());
      s.setString(4, e.secret());
      s.setString(5, e.evidenceSha256());
      s.setString(6, e.policySha256());
      s.setString(7, e.decision());
      s.setString(8, e.detail());
      s.setString(9, prev);
      s.setString(10, hash);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement("UPDATE kms_audit_head SET seq = ?, hash = ? WHERE id = 1")) {
      s.setLong(1, seq);
      s.setString(2, hash);
      s.executeUpdate();
    }
    return new AuditEntry(
        seq,
        e.at(),
        e.action(),
        e.secret(),
        e.evidenceSha256(),
        e.policySha256(),
        e.decision(),
        e.detail(),
        prev,
        hash);
  }

  static String hash(AuditEntry e) {
    MessageDigest md = Digests.sha256();
    md.update(e.prevHash().getBytes(StandardCharsets.US_ASCII));
    md.update(ByteBuffer.allocate(16).putLong(e.seq()).putLong(e.at().toEpochMilli()).array());
    for (String f :
        List.of(
            e.action(),
            e.secret(),
            e.evidenceSha256(),
            e.policySha256(),
            e.decision(),
            e.detail())) {
      byte[] b = f.getBytes(StandardCharsets.UTF_8);
      md.update(ByteBuffer.allocate(4).putInt(b.length).array());
      md.update(b);
    }
    return Hex.of(md.digest());
  }

  /** The outcome of walking the chain. */
  public record Report(boolean intact, long rows, String headHash, String problem) {}

  static Report verify(Connection c) throws SQLException {
    long headSeq;
    String headHash;
    try (PreparedStatement s =
            c.prepareStatement("SELECT seq, hash FROM kms_audit_head WHERE id = 1");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return new Report(false, 0, "", "the audit head row is missing");
      }
      headSeq = r.getLong(1);
      headHash = r.getString(2);
    }
    String prev = GENESIS;
    long expected = 1;
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT seq, at_ms, action, secret, evidence_sha256, policy_sha256, decision,"
                    + " detail, prev_hash, hash FROM kms_audit ORDER BY seq");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        AuditEntry e = read(r);
        if (e.seq() != expected) {
          return new Report(
              false,
              expected - 1,
              headHash,
              "row " + expected + " is missing (next row is " + e.seq() + ")");
        }
        if (!MessageDigest.isEqual(bytes(e.prevHash()), bytes(prev))) {
          return new Report(
              false,
              expected - 1,
              headHash,
              "row " + e.seq() + " does not follow row " + (e.seq() - 1) + " (prev_hash differs)");
        }
        if (!MessageDigest.isEqual(bytes(hash(e)), bytes(e.hash()))) {
          return new Report(
              false,
              expected - 1,
              headHash,
              "row " + e.seq() + " was edited (its hash does not match its fields)");
        }
        prev = e.hash();
        expected++;
      }
    }
    long rows = expected - 1;
    if (rows != headSeq || !MessageDigest.isEqual(bytes(prev), bytes(headHash))) {
      return new Report(
          false,
          rows,
          headHash,
          "the chain ends at row "
              + rows
              + " but the head says row "
              + headSeq
              + ": rows at the end were deleted or the head was edited");
    }
    return new Report(true, rows, headHash, "");
  }

  static List<AuditEntry> tail(Connection c, int limit) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, at_ms, action, secret, evidence_sha256, policy_sha256, decision, detail,"
                + " prev_hash, hash FROM kms_audit ORDER BY seq DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(read(r));
        }
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  private static AuditEntry read(ResultSet r) throws SQLException {
    return new AuditEntry(
        r.getLong(1),
        Instant.ofEpochMilli(r.getLong(2)),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7),
        r.getString(8),
        r.getString(9),
        r.getString(10));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
