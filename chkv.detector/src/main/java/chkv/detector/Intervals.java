package chkv.detector;

/** The last heartbeat inter-arrival times of one node, in a ring, with their mean and spread. */
final class Intervals {
    private final long[] samples;
    private int next;
    private int size;
    private double sum;
    private double squares;

    /** @param capacity how many samples are kept; the oldest gives way to the newest */
    Intervals(int capacity) {
        this.samples = new long[capacity];
    }

    /**
     * Starts the history of a node not yet heard from with two samples a quarter of the expected
     * interval either side of it (as Akka seeds its own), so that the first silence is judged
     * against the configured interval instead of against nothing.
     *
     * @param capacity how many samples are kept
     * @param expectedMillis the configured heartbeat interval
     * @return a history of two samples whose mean is the expected interval
     */
    static Intervals seeded(int capacity, long expectedMillis) {
        Intervals intervals = new Intervals(capacity);
        intervals.add(expectedMillis - expectedMillis / 4);
        intervals.add(expectedMillis + expectedMillis / 4);
        return intervals;
    }

    /** @param millis the time between two heartbeats; a negative one (clock stepped back) counts as 0 */
    void add(long millis) {
        long sample = Math.max(0, millis);
        if (size == samples.length) {
            long oldest = samples[next];
            sum -= oldest;
            squares -= (double) oldest * oldest;
        } else {
            size++;
        }
        samples[next] = sample;
        sum += sample;
        squares += (double) sample * sample;
        next = (next + 1) % samples.length;
        if (next == 0) {
            resum();
        }
    }

    /** @return the mean interval in ms */
    double mean() {
        return sum / size;
    }

    /** @return the standard deviation of the intervals in ms (population, as the window is all there is) */
    double stdDeviation() {
        double mean = mean();
        return Math.sqrt(Math.max(0, squares / size - mean * mean));
    }

    /** @return how many samples the window holds */
    int size() {
        return size;
    }

    // Once the squares outgrow a double's 53 bits (intervals of an hour and more), the running
    // sums round as samples come and go; a recount once per lap of the ring clears the error, at
    // the cost of one addition per sample added.
    private void resum() {
        double s = 0;
        double q = 0;
        for (int i = 0; i < size; i++) {
            s += samples[i];
            q += (double) samples[i] * samples[i];
        }
        sum = s;
        squares = q;
    }
}
