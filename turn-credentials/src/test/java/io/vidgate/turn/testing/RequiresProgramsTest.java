package io.vidgate.turn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.junit.jupiter.api.Test;

class RequiresProgramsTest {

    @Retention(RetentionPolicy.RUNTIME)
    @RequiresPrograms(debianPackage = "first-package", programs = "first")
    @interface RequiresFirst {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @RequiresPrograms(debianPackage = "second-package", programs = "second")
    @interface RequiresSecond {
    }

    @RequiresFirst
    @RequiresSecond
    private static final class NeedsBoth {
    }

    @RequiresPrograms(debianPackage = "direct-package", programs = "direct")
    @RequiresSecond
    private static final class NeedsOneDirectlyAndOneThroughAnAnnotation {
    }

    @Test
    void aClassMarkedWithTwoRequirementsNeedsBoth() {
        assertThat(RequiresPrograms.Condition.requirements(NeedsBoth.class))
                .extracting(RequiresPrograms::debianPackage)
                .containsExactly("first-package", "second-package");
    }

    @Test
    void aDirectRequirementCountsAlongsideAMetaAnnotatedOne() {
        assertThat(RequiresPrograms.Condition.requirements(NeedsOneDirectlyAndOneThroughAnAnnotation.class))
                .extracting(RequiresPrograms::debianPackage)
                .containsExactly("direct-package", "second-package");
    }
}
