package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Store;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrackingStoreTest extends CommandFixture {
    /** Writes that must run as the Store's defaults over update(), so that their edits are seen. */
    private static final Set<String> TRACKED_DEFAULTS = Set.of("delete", "set", "getDel", "getEx", "incrBy",
            "incrByFloat", "append", "setRange", "expireAt", "persist");

    @Test
    public void everyStoreMethod_isDelegatedOrTrackedOnPurpose() {
        List<String> undecided = Arrays.stream(Store.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !TRACKED_DEFAULTS.contains(m.getName()))
                .filter(m -> !declared(m))
                .map(m -> m.getName() + Arrays.toString(m.getParameterTypes()))
                .collect(Collectors.toList());
        assertThat(undecided).as("Store methods TrackingStore neither passes to the store nor lists as a"
                + " tracked write (a read must reach the store's own version; a write must go through"
                + " update)").isEmpty();
    }

    private static boolean declared(Method m) {
        try {
            TrackingStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Test
    public void update_notesOnlyKeysWhoseEditWasUsed() {
        run("set", "a", "1");
        run("watch", "a", "b", "c");
        TrackingStore tracking = new TrackingStore(store, dispatcher.watches());
        tracking.update("a".getBytes(), (current, edit) -> null); // looked only
        tracking.set("b".getBytes(), "v".getBytes(), chkv.api.spi.SetOptions.PLAIN);
        tracking.delete("c".getBytes()); // absent: nothing removed
        tracking.signal();
        ClientState me = (ClientState) session.attachment();
        assertThat(me.isDirtyCas()).isTrue();
        run("unwatch");
        run("watch", "a");
        tracking.update("a".getBytes(), (current, edit) -> null);
        tracking.delete("zz".getBytes());
        tracking.signal();
        assertThat(me.isDirtyCas()).isFalse();
    }
}
