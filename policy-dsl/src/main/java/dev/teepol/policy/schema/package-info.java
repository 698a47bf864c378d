/**
 * The evidence model as a CEL schema and as CEL runtime values, generated from the records so names
 * cannot drift.
 */
package dev.teepol.policy.schema;
