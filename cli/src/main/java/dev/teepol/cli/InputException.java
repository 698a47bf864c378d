package dev.teepol.cli;

/**
 * Input the CLI cannot work with: a missing or unreadable file, an undecodable quote, a malformed
 * option value. Printed as the one line {@code teepol: <where>: <message>} and exit code 2.
 *
 * @see ExitCodes#INPUT
 */
public final class InputException extends Exception {
  private final String where;

  /**
   * @param where the file or option the message is about, as the user typed it
   */
  public InputException(String where, String message) {
    super(message);
    this.where = where;
  }

  public String where() {
    return where;
  }

  /** The single line shown to the user. */
  public String line() {
    return "teepol: " + where + ": " + getMessage();
  }
}
