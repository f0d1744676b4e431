package chkv.api.spi;

/** Supplies a named {@link FailureDetector}; found with {@link java.util.ServiceLoader}. */
public interface FailureDetectorProvider {

    /** @return the name configuration selects this detector by, e.g. {@code probe} or {@code phi} */
    String name();

    /**
     * @param config clock, expected heartbeat interval, probe count
     * @return a new detector
     */
    FailureDetector create(FailureDetectorConfig config);
}
