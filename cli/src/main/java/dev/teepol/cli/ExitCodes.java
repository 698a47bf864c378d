package dev.teepol.cli;

/** The process exit codes, part of the CLI's contract with scripts and CI. */
public final class ExitCodes {
  /** The evidence was allowed; for {@code corpus run}: no case failed. */
  public static final int ALLOW = 0;

  /** The evidence was denied; for {@code corpus run}: at least one case failed. */
  public static final int DENY = 1;

  /** Bad usage, or input that could not be read or decoded at all. */
  public static final int INPUT = 2;

  private ExitCodes() {}
}
