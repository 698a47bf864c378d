package dev.teepol.kms.broker;

import dev.teepol.kms.store.KmsStore;

/** The release flow on the default embedded store. */
class H2ReleaseFlowTest extends ReleaseFlowContract {
  @Override
  String url() {
    return KmsStore.h2Url(tmp);
  }
}
