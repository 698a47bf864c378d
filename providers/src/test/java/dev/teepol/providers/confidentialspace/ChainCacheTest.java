package dev.teepol.providers.confidentialspace;

import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One provider remembers an x5c chain it validated, for the window in which every certificate is
 * valid: the same token judged after its signing certificate expired fails the chain check, not
 * just the time check (PIT: the cache's window test could be inverted unnoticed).
 */
class ChainCacheTest {
  private static boolean chainFails(Appraisal a) {
    return a.check(CHAIN).map(CheckResult::outcome).orElseThrow() instanceof Outcome.Fail;
  }

  @Test
  void aCachedChainIsNotReusedAfterItsLeafExpired() {
    ConfidentialSpaceProvider provider = new ConfidentialSpaceProvider();
    EvidenceSource token =
        new EvidenceSource(
            "token.jwt", SimCsToken.production().build().getBytes(StandardCharsets.US_ASCII));
    Appraisal now = provider.appraise(token, SimCs.context(SimCsToken.verifyAt(), true));
    assertThat(now.checks()).allMatch(CheckResult::passed);
    Instant afterLeaf = SimCs.IAT.plusSeconds(61L * 86_400);
    Appraisal later = provider.appraise(token, SimCs.context(afterLeaf, true));
    assertThat(chainFails(later)).as(later.checks().toString()).isTrue();
    assertThat(provider.appraise(token, SimCs.context(SimCsToken.verifyAt(), true)).checks())
        .allMatch(CheckResult::passed);
  }
}
