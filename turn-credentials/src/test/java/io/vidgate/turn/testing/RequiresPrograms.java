package io.vidgate.turn.testing;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Marks a test class (or method), or an annotation such as {@link RequiresCoturn}, for tests that run programs for
 * real. Where one is missing, its tests are reported as skipped with the reason, or fail when {@code CI=true}; see
 * {@link RequiredBinaries}. Evaluated before {@code @BeforeAll}, so a fixture started there never meets a missing
 * program.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPrograms.Condition.class)
public @interface RequiresPrograms {

    /** The Debian package(s) that provide them, named in the message (e.g. {@code "chromium chromium-driver"}). */
    String debianPackage();

    /** Names looked up on {@code PATH}, or absolute paths looked up there only. */
    String[] programs();

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getElement().stream()
                    .flatMap(element -> requirements(element).stream())
                    .map(required -> RequiredBinaries.missing(required.debianPackage(), required.programs()))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("the programs it runs are installed"));
        }

        /**
         * Every requirement on the element, each of its annotations looked at: a class marked
         * {@code @RequiresChromium @RequiresCoturn} needs both (JUnit's {@code findAnnotation} stops at the first).
         */
        static List<RequiresPrograms> requirements(AnnotatedElement element) {
            List<RequiresPrograms> found = new ArrayList<>();
            for (Annotation annotation : element.getAnnotations()) {
                if (annotation instanceof RequiresPrograms direct) {
                    found.add(direct);
                } else {
                    AnnotationSupport.findAnnotation(annotation.annotationType(), RequiresPrograms.class)
                            .ifPresent(found::add);
                }
            }
            return found;
        }
    }
}
