package dev.teepol.server.http;

import java.util.Set;

/**
 * One endpoint of the service: what the OpenAPI document describes (a test keeps the two equal) and
 * what the router dispatches.
 *
 * @param statuses every status code the endpoint answers
 */
public record Route(String method, String path, Set<Integer> statuses, Endpoint endpoint) {
  public Route {
    statuses = Set.copyOf(statuses);
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Endpoint {
    Reply handle(Call call) throws ApiError;
  }
}
