/**
 * The provider SPI: {@link dev.teepol.core.spi.EvidenceProvider} and how providers are loaded, the
 * {@link dev.teepol.core.spi.AppraisalContext} they appraise in (clock, trust anchors, collateral,
 * nonce, limits) and the {@link dev.teepol.core.spi.Appraisal} they return.
 */
package dev.teepol.core.spi;
