package chkv.client;

import chkv.api.ChkvException;

/** A DataNode could not be connected to, so the command was never sent: safe to send again. */
final class Unreachable extends ChkvException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
