package io.vidgate.turn.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class (or method) that runs the real coturn. Where {@code turnserver} or {@code turnutils_uclient}
 * is missing, its tests are reported as skipped with the reason, or fail when {@code CI=true}; see
 * {@link RequiredBinaries}. Evaluated before {@code @BeforeAll}, so a fixture started there never meets a
 * missing binary.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@RequiresPrograms(debianPackage = RequiredBinaries.COTURN_PACKAGE,
        programs = {RequiredBinaries.TURNSERVER, RequiredBinaries.TURNUTILS_UCLIENT})
public @interface RequiresCoturn {
}
