package io.vidgate.e2e.deploy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.vidgate.turn.testing.RequiredBinaries;
import io.vidgate.turn.testing.RequiresPrograms;

/**
 * Marks a test class that runs Debian's {@code docker-compose} (it reads and checks a compose file without a Docker
 * engine). Where it is missing its tests are reported as skipped with the reason, or fail when {@code CI=true} (the
 * rule of {@link RequiredBinaries}); {@code bin/test} installs it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@RequiresPrograms(debianPackage = "docker-compose", programs = "docker-compose")
public @interface RequiresDockerCompose {
}
