package io.vidgate.broker.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** {@code vidgate.cdr.*}: off by default and then costs nothing; on, every fact heard is a line, in order. */
class CdrConfigurationTest {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(CdrConfiguration.class)
                .withPropertyValues("vidgate.data-dir=" + dataDir);
    }

    @Test
    void offByDefaultNoObserverAndNoFolder() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(CdrObserver.class);
            CdrProperties defaults = context.getBean(CdrProperties.class);
            assertThat(defaults.enabled()).isFalse();
            assertThat(defaults.maxFileSize()).isEqualTo(DataSize.ofMegabytes(100));
            assertThat(defaults.rotateDaily()).isTrue();
            assertThat(defaults.maxFiles()).isEqualTo(30);
        });
        assertThat(dataDir.resolve("cdr")).doesNotExist();
    }

    @Test
    void onItWritesUnderTheDataFolderByDefault() {
        runner().withPropertyValues("vidgate.cdr.enabled=true").run(context -> {
            assertThat(context.getBean(CdrObserver.class).directory()).isEqualTo(dataDir.resolve("cdr"));
            assertThat(dataDir.resolve("cdr")).isDirectory();
        });
    }

    @Test
    void theEnvironmentVariablesTurnItOnAndMoveIt(@TempDir Path elsewhere) {
        runner().withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("env", Map.of("VIDGATE_CDR_ENABLED", "true",
                        "VIDGATE_CDR_PATH", elsewhere.toString()))))
                .run(context -> assertThat(context.getBean(CdrObserver.class).directory()).isEqualTo(elsewhere));
    }

    @Test
    void everyFactHeardIsOneLineInTheOrderHeard() throws Exception {
        List<Fact> facts = new ArrayList<>();
        for (String body : RecordedOpenViduBodies.of("a")) {
            facts.add(RecordedOpenViduBodies.asFact(body));
        }
        runner().withPropertyValues("vidgate.cdr.enabled=true").run(context -> {
            CdrObserver cdr = context.getBean(CdrObserver.class);
            try (FactStream stream = new FactStream(List.of(cdr), 1000)) {
                facts.forEach(stream::publish);
            }
        });

        List<Path> files;
        try (var listed = Files.list(dataDir.resolve("cdr"))) {
            files = listed.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(Files.readAllLines(files.get(0))).containsExactlyElementsOf(facts.stream().map(CdrLine::of).toList())
                .hasSize(14);
    }

    @Test
    void aFolderThatCannotBeWrittenStopsTheStartWithOneLine() throws Exception {
        Path aFile = Files.writeString(dataDir.resolve("plain-file"), "");

        runner().withPropertyValues("vidgate.cdr.enabled=true", "vidgate.cdr.path=" + aFile.resolve("cdr"))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(java.io.IOException.class)
                        .satisfies(failure -> assertThat(problem(failure)).startsWith(
                                "vidgate.cdr.path: cannot write CDR files in '" + aFile.resolve("cdr") + "'")));
    }

    @Test
    void refusesNonsenseBoundsNamingTheProperty() {
        runner().withPropertyValues("vidgate.cdr.max-files=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessage("vidgate.cdr.max-files must be at least 1, not 0"));
        runner().withPropertyValues("vidgate.cdr.max-file-size=100").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause()
                .hasMessage("vidgate.cdr.max-file-size must be at least 1KB (e.g. 100MB), not 100 bytes"));
    }

    private static String problem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationProblem problem) {
                return problem.getMessage();
            }
        }
        throw new AssertionError("no ConfigurationProblem in " + failure);
    }
}
