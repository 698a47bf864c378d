package dev.teepol.kms.store;

/** The store contract on a real PostgreSQL server (.ci/run starts one on loopback). */
class PostgresStoreTest extends KmsStoreContract {
  @Override
  String url() throws Exception {
    return TestDatabases.pg();
  }
}
