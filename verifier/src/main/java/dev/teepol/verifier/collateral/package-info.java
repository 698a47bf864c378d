/**
 * Saving the collateral a verification fetched, in the layout the directory sources read, so it can
 * be repeated offline ({@link dev.teepol.verifier.collateral.CollateralRecorder}).
 */
package dev.teepol.verifier.collateral;
