/**
 * The failure detectors behind {@link chkv.api.spi.FailureDetectorProvider}, found by name;
 * not exported.
 */
package chkv.detector;
