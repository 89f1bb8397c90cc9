package io.vidgate.turn.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LoopbackCoturn} for all the tests of a class: started before the first, stopped after the last (starting
 * coturn takes a while). Register it on a static field, next to {@link RequiresCoturn}, which keeps it from starting
 * where there is no coturn.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LoopbackCoturnPerClass COTURN = new LoopbackCoturnPerClass("secret");
 * ...
 * COTURN.get().tryAllocate(username, password);
 * }</pre>
 */
public final class LoopbackCoturnPerClass implements BeforeAllCallback, AfterAllCallback {

    private final String[] secrets;
    private LoopbackCoturn coturn;

    public LoopbackCoturnPerClass(String... secrets) {
        this.secrets = secrets.clone();
    }

    /** The running coturn (between the class's first and last test). */
    public LoopbackCoturn get() {
        if (coturn == null) {
            throw new IllegalStateException("coturn runs only while the class's tests do");
        }
        return coturn;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        coturn = LoopbackCoturn.start(secrets);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (coturn != null) {
            coturn.close();
            coturn = null;
        }
    }
}
