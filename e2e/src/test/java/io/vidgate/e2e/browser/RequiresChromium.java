package io.vidgate.e2e.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.vidgate.turn.testing.RequiredBinaries;
import io.vidgate.turn.testing.RequiresPrograms;

/**
 * Marks a test class that drives Debian's Chromium through Debian's chromedriver ({@link Chromium}). Where either
 * is missing its tests are reported as skipped with the reason, or fail when {@code CI=true} (the rule of
 * {@link RequiredBinaries}, shared with the coturn tests). Evaluated before {@code @BeforeAll}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@RequiresPrograms(debianPackage = "chromium chromium-driver", programs = {Chromium.BROWSER, Chromium.DRIVER})
public @interface RequiresChromium {
}
