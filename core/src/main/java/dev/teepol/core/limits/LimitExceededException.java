package dev.teepol.core.limits;

/** An input larger than the bound teepol sets for it. */
public final class LimitExceededException extends Exception {
  public LimitExceededException(String what, long size, long limit) {
    super(what + " is " + size + " bytes, over the limit of " + limit + " bytes");
  }
}
