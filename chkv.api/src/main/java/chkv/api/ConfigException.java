package chkv.api;

/** Start-up configuration is invalid: an unknown provider name, a bad option value. */
public class ConfigException extends ChkvException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, and what was expected */
    public ConfigException(String message) {
        super(message);
    }
}
