/**
 * Bounded byte reading ({@link dev.teepol.core.bytes.ByteReader}, the only little- and big-endian
 * reader), lowercase hex, and the parse error that names a field and offset.
 */
package dev.teepol.core.bytes;
