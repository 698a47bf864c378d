/** The one cache type: bounded, owned by whoever fills it, never JVM-global. */
package dev.teepol.core.cache;
