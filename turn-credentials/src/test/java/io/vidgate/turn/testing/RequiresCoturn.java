package io.vidgate.turn.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class (or method) that runs the real coturn. Where {@code turnserver} or {@code turnutils_uclient}
 * is missing, its tests are reported as skipped with the reason, or fail when {@code CI=true}; see
 * {@link RequiredBinaries}. Evaluated before {@code @BeforeAll}, so a fixture started there never meets a
 * missing binary.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresCoturn.Condition.class)
public @interface RequiresCoturn {

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return RequiredBinaries.missingCoturn()
                    .map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("turnserver and turnutils_uclient are installed"));
        }
    }
}
