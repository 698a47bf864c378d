package dev.teepol.server.challenge;

/** A challenge token was refused; {@link #problem()} says why. */
public final class ChallengeException extends Exception {
  private final ChallengeProblem problem;

  public ChallengeException(ChallengeProblem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public ChallengeProblem problem() {
    return problem;
  }
}
