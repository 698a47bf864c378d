package dev.teepol.providers.near;

/**
 * A node whose JSON could not be read; its component FAILs {@link NearChecks#NODE_PARSE} with the
 * reason.
 */
record UnparsableNode(String component, String reason) implements NodeInput {}
