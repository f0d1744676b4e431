/**
 * The built-in failure detectors, selected by name: {@code probe}, the design seed's detector
 * (a heartbeat overdue makes a node suspect, a number of failed active probes declares it dead),
 * and {@code phi}, phi accrual (suspicion that grows with silence, measured against the node's
 * own heartbeat history). Both are fed heartbeats and probe results by the NameNode and own no
 * thread, socket or clock of their own.
 *
 * @provides chkv.api.spi.FailureDetectorProvider probe and phi
 */
module chkv.detector {
    requires chkv.api;

    provides chkv.api.spi.FailureDetectorProvider with
            chkv.detector.ProbeDetectorProvider,
            chkv.detector.PhiDetectorProvider;
}
