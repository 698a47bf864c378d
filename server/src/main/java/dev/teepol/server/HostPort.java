package dev.teepol.server;

/** {@code --listen HOST:PORT} ({@code [::1]:8443} for IPv6). */
public record HostPort(String host, int port) {
  public static HostPort parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + s + "' is not HOST:PORT (e.g. 127.0.0.1:8443)");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "': the port is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("'" + s + "': the port is not 0..65535");
    }
    return new HostPort(host, port);
  }
}
