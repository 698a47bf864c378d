package dev.teepol.kms.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the default embedded H2 file. */
class H2StoreTest extends KmsStoreContract {
  @TempDir Path dir;

  @Override
  String url() {
    return TestDatabases.h2(dir);
  }
}
