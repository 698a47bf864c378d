package dev.teepol.cli.output;

/** How much a text report says: {@code -q}, the default, or {@code --verbose}. */
public enum Verbosity {
  /** The outcome and what failed, nothing else. */
  QUIET,
  NORMAL,
  /**
   * Also what the default leaves out or shortens (categories, full hashes, every failing check).
   */
  VERBOSE
}
