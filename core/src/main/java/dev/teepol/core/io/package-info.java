/** The one bounded reader for input files, whatever their type. */
package dev.teepol.core.io;
