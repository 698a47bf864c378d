package dev.teepol.kms.broker;

import dev.teepol.kms.store.TestDatabases;

/** The release flow with two replicas on one PostgreSQL database. */
class PostgresReleaseFlowTest extends ReleaseFlowContract {
  @Override
  String url() throws Exception {
    return TestDatabases.pg();
  }
}
