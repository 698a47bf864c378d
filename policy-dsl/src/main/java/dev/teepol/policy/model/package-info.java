/**
 * The policy as read from YAML, with source positions, and the fixed vocabulary of the language.
 */
package dev.teepol.policy.model;
