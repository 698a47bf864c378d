package dev.teepol.kms.broker;

import dev.teepol.core.limits.Limits;
import java.util.regex.Pattern;

/** Secret names: 1..maxNameChars of [A-Za-z0-9._-], so a name is safe in logs, URLs and SQL. */
public final class SecretNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private SecretNames() {}

  public static void check(String name, Limits limits) throws ReleaseRequest.BadRequest {
    if (name.isEmpty() || name.length() > limits.maxNameChars()) {
      throw new ReleaseRequest.BadRequest(
          "a secret name is 1.." + limits.maxNameChars() + " characters");
    }
    if (!NAME.matcher(name).matches()) {
      throw new ReleaseRequest.BadRequest("a secret name is letters, digits, '.', '_' and '-'");
    }
  }
}
