package io.vidgate.e2e.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.vidgate.turn.testing.RequiredBinaries;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that drives Debian's Chromium through Debian's chromedriver ({@link Chromium}). Where either
 * is missing its tests are reported as skipped with the reason, or fail when {@code CI=true} (the rule of
 * {@link RequiredBinaries}, shared with the coturn tests). Evaluated before {@code @BeforeAll}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresChromium.Condition.class)
public @interface RequiresChromium {

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return RequiredBinaries.missing("chromium chromium-driver", Chromium.BROWSER, Chromium.DRIVER)
                    .map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("chromium and chromedriver are installed"));
        }
    }
}
