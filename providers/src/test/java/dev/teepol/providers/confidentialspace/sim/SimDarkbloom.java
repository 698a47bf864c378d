package dev.teepol.providers.confidentialspace.sim;

import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * The Darkbloom coordinator as it should publish itself: a Confidential Space token on Intel TDX
 * (the {@link SimCs} token, whose image digest is the SHA-256 of {@link SimCs#IMAGE_MANIFEST}) and
 * the Sigstore-signed SLSA build provenance of that image from the coordinator's repository, signed
 * by a test Sigstore instance (Fulcio, Rekor and CT log keys of its own; tests pin its trusted
 * root).
 */
public final class SimDarkbloom {
  /** The coordinator's repository as the simulated GitHub Actions workflow names it. */
  public static final String REPO = "darkbloom-example/coordinator";

  public static final String WORKFLOW =
      "https://github.com/" + REPO + "/.github/workflows/release.yml";

  /** When the release was built and signed: three weeks before the tokens are issued. */
  public static final Instant SIGNED = Instant.parse("2024-12-10T12:00:00Z");

  public static final SimSigstore SIGSTORE = new SimSigstore("teepol-sim-darkbloom");

  public static final String SLSA_V1 = "https://slsa.dev/provenance/v1";

  private SimDarkbloom() {}

  /** The coordinator's release: SLSA provenance of the image, from {@link #REPO}. */
  public static SimSigstore.Spec release() {
    return release(REPO, SimCs.IMAGE_MANIFEST, Defect.NONE);
  }

  public static SimSigstore.Spec release(String repo, byte[] image, Defect defect) {
    return new SimSigstore.Spec(
        repo,
        "v1.4.0",
        "4b1d0c0ffee4b1d0c0ffee4b1d0c0ffee4b1d0c0",
        SIGNED,
        SLSA_V1,
        slsa(repo),
        image,
        defect);
  }

  /** A minimal SLSA v1 predicate: what built the image, from which workflow. */
  static JsonObject slsa(String repo) {
    return Json.createObjectBuilder()
        .add(
            "buildDefinition",
            Json.createObjectBuilder()
                .add("buildType", "https://actions.github.io/buildtypes/workflow/v1")
                .add(
                    "externalParameters",
                    Json.createObjectBuilder()
                        .add(
                            "workflow",
                            Json.createObjectBuilder()
                                .add("ref", "refs/tags/v1.4.0")
                                .add("repository", "https://github.com/" + repo)
                                .add("path", ".github/workflows/release.yml"))))
        .add(
            "runDetails",
            Json.createObjectBuilder()
                .add(
                    "builder",
                    Json.createObjectBuilder()
                        .add("id", "https://github.com/actions/runner/github-hosted")))
        .build();
  }
}
