package io.vidgate.e2e.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The harness pages a test opened on the shared {@link BrowserStack}; after each test every page whose browser is
 * still alive leaves its session, so the next test starts from empty sessions. Register it as an instance field with
 * {@code @RegisterExtension}.
 */
public final class OpenedPages implements AfterEachCallback {

    private final Supplier<BrowserStack> stack;
    private final List<HarnessPage> pages = new ArrayList<>();

    /** @param stack the test class's stack, known once its {@code @BeforeAll} ran */
    public OpenedPages(Supplier<BrowserStack> stack) {
        this.stack = stack;
    }

    /** A new page in a browser of its own, named for the logs. */
    public HarnessPage open(String name) {
        HarnessPage page = stack.get().harness(name);
        pages.add(page);
        return page;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (HarnessPage page : pages) {
            if (page.browser().alive()) {
                page.leave();
            }
        }
        pages.clear();
    }
}
