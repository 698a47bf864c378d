package dev.teepol.core.verdict;

public enum Decision {
  ALLOW,
  DENY
}
