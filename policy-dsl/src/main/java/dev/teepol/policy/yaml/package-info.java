/** YAML reading with line and column positions for every node. */
package dev.teepol.policy.yaml;
