-- teepol kms schema, version 1. Written for both H2 (embedded) and PostgreSQL.
-- Times are epoch milliseconds (BIGINT): no time-zone conversion between replicas.

CREATE TABLE kms_secret (
  name            VARCHAR(64)      NOT NULL PRIMARY KEY,
  policy          VARCHAR(1048576) NOT NULL,
  policy_sha256   VARCHAR(64)      NOT NULL,
  policy_version  BIGINT           NOT NULL,
  secret_version  BIGINT           NOT NULL,
  ciphertext      BYTEA            NOT NULL,
  wrapped_dek     BYTEA            NOT NULL,
  master_kid      VARCHAR(16)      NOT NULL,
  updated_at      BIGINT           NOT NULL
);

-- Outstanding challenges, by the SHA-256 of the nonce: a release deletes its row, so a nonce is
-- used at most once across every replica that shares the database.
CREATE TABLE kms_nonce (
  nonce_sha256    VARCHAR(64)      NOT NULL PRIMARY KEY,
  expires_at      BIGINT           NOT NULL
);
CREATE INDEX kms_nonce_expires ON kms_nonce (expires_at);

-- Append-only, hash-chained: hash = SHA-256 over prev_hash and the row's fields (AuditChain).
CREATE TABLE kms_audit (
  seq             BIGINT           NOT NULL PRIMARY KEY,
  at_ms           BIGINT           NOT NULL,
  action          VARCHAR(16)      NOT NULL,
  secret          VARCHAR(64)      NOT NULL,
  evidence_sha256 VARCHAR(64)      NOT NULL,
  policy_sha256   VARCHAR(64)      NOT NULL,
  decision        VARCHAR(16)      NOT NULL,
  detail          VARCHAR(8192)    NOT NULL,
  prev_hash       VARCHAR(64)      NOT NULL,
  hash            VARCHAR(64)      NOT NULL
);
CREATE INDEX kms_audit_secret_at ON kms_audit (secret, action, at_ms);

-- The chain's head: one row, locked by every append so appends from all replicas form one chain,
-- and compared by verification so a deleted last row is seen.
CREATE TABLE kms_audit_head (
  id              INT              NOT NULL PRIMARY KEY,
  seq             BIGINT           NOT NULL,
  hash            VARCHAR(64)      NOT NULL
);
INSERT INTO kms_audit_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
