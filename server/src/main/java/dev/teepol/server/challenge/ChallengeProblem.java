package dev.teepol.server.challenge;

/** Why a challenge token is not accepted. */
public enum ChallengeProblem {
  /** Not a token this service (or a replica sharing its key) issued: wrong shape or MAC. */
  INVALID,
  /** Issued here, but its time is over. */
  EXPIRED,
  /** Issued here and still current, but already used for a verification on this replica. */
  REPLAYED,
  /**
   * This replica remembers as many used, unexpired challenges as it can; it cannot accept another
   * one without forgetting a used one, which would let it be replayed. Try again shortly.
   */
  TOO_MANY_OUTSTANDING
}
