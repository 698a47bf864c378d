package dev.teepol.cli.corpus;

/** A case the runner could not evaluate; the message says which file and why. */
final class CaseFailure extends Exception {
  CaseFailure(String message) {
    super(message);
  }
}
