package dev.teepol.providers.sigstore;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A signer identity a relying party pins for releases: the OIDC issuer (exact) and a pattern the
 * certificate's SAN must contain a match of (RE2 syntax, searched as Go's {@code MatchString} does:
 * anchor it with {@code ^} and {@code $}). The pattern is operator input but runs on certificate
 * text, so it is compiled with RE2/J, whose matching is linear in the input.
 *
 * @param issuer e.g. {@code https://token.actions.githubusercontent.com}
 * @param sanPattern e.g. {@code ^https://github.com/org/repo/.github/workflows/.*@refs/tags/}
 */
public record ReleaseIdentity(String issuer, String sanPattern) {
  public static final String GITHUB_ACTIONS = "https://token.actions.githubusercontent.com";

  /** Patterns longer than this are refused (they are written by people). */
  public static final int MAX_PATTERN_CHARS = 1024;

  public ReleaseIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(sanPattern, "sanPattern");
    if (issuer.isEmpty()) {
      throw new IllegalArgumentException("empty OIDC issuer");
    }
    if (sanPattern.isEmpty() || sanPattern.length() > MAX_PATTERN_CHARS) {
      throw new IllegalArgumentException(
          "a SAN pattern must have 1 to " + MAX_PATTERN_CHARS + " characters");
    }
    try {
      Pattern.compile(sanPattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("SAN pattern: " + e.getMessage());
    }
  }

  /**
   * Tinfoil's rule for a GitHub repository: GitHub Actions as issuer, and a SAN naming a workflow
   * of that repository run at a tag ({@code
   * ^https://github.com/<repo>/.github/workflows/.*@refs/tags/}). {@code {repo}} in {@code pattern}
   * is replaced by the repository, quoted.
   */
  public static ReleaseIdentity github(String repo, String issuer, String pattern) {
    if (repo.isEmpty() || repo.length() > 256) {
      throw new IllegalArgumentException("repository must have 1 to 256 characters");
    }
    return new ReleaseIdentity(issuer, pattern.replace("{repo}", Pattern.quote(repo)));
  }

  /** {@link #github(String, String, String)} with Tinfoil's issuer and pattern. */
  public static ReleaseIdentity githubTag(String repo) {
    return github(
        repo, GITHUB_ACTIONS, "^https://github.com/{repo}/.github/workflows/.*@refs/tags/");
  }

  /** Whether a certificate with this issuer and SAN is this identity. */
  public boolean matches(String certIssuer, String san) {
    return issuer.equals(certIssuer) && Pattern.compile(sanPattern).matcher(san).find();
  }

  @Override
  public String toString() {
    return "issuer " + issuer + ", SAN ~ " + sanPattern;
  }
}
