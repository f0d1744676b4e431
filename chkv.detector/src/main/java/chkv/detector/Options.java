package chkv.detector;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetectorConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads one detector's options by name, with defaults, failing at start-up on a bad value. */
final class Options {
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    private final Map<String, String> given;

    /**
     * Keys that start with the detector's own prefix must be known, so that a misspelt option
     * fails instead of silently taking its default; other keys belong to other detectors (one
     * configuration may carry the options of several, so that switching is one word).
     *
     * @param detector the detector's name, which prefixes its option names ({@code phi.})
     * @param given the configured options
     * @param known the detector's option names
     */
    Options(String detector, Map<String, String> given, Set<String> known) {
        for (String key : given.keySet()) {
            if (key.startsWith(detector + ".") && !known.contains(key)) {
                throw new ConfigException(detector + " failure detector option: " + key
                        + " (expected one of: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        this.given = given;
    }

    /**
     * @param config the detector's configuration
     * @return its heartbeat interval in ms, the resolution detectors judge time at
     */
    static long intervalMillis(FailureDetectorConfig config) {
        long millis = config.heartbeatInterval().toMillis();
        if (millis < 1) {
            throw new ConfigException("heartbeat interval: " + config.heartbeatInterval()
                    + " (expected: at least 1 ms)");
        }
        return millis;
    }

    /**
     * @param name the option
     * @param fallback its value when not configured
     * @param min the least value accepted
     * @return a whole number of milliseconds
     */
    long millis(String name, long fallback, long min) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            millis = Long.MIN_VALUE;
        }
        if (millis < min) {
            throw new ConfigException(name + ": " + value
                    + " (expected: a whole number of milliseconds >= " + min + ")");
        }
        return millis;
    }

    /**
     * @param name the option
     * @param fallback its value when not configured
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return a whole number
     */
    int count(String name, int fallback, int min, int max) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            count = Integer.MIN_VALUE;
        }
        if (count < min || count > max) {
            throw new ConfigException(name + ": " + value
                    + " (expected: a whole number from " + min + " to " + max + ")");
        }
        return count;
    }

    /**
     * @param name the option
     * @param fallback its value when not configured
     * @return a plain decimal number above zero, such as {@code 8} or {@code 0.5}
     */
    double positive(String name, double fallback) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        if (!DECIMAL.matcher(value).matches() || Double.parseDouble(value) <= 0) {
            throw new ConfigException(name + ": " + value + " (expected: a decimal number > 0)");
        }
        return Double.parseDouble(value);
    }
}
