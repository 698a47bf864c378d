package dev.teepol.providers.sigstore;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;

/**
 * A provider whose evidence is judged against signed releases as part of its own checks (Tinfoil:
 * the registers must equal the release's). The verifier hands it the releases instead of attaching
 * them afterwards with {@link Releases#attach}.
 */
public interface ReleaseConsumer {
  Appraisal appraise(EvidenceSource source, ReleaseInputs releases, AppraisalContext context);
}
