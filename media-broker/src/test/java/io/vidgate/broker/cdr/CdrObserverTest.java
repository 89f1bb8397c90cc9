package io.vidgate.broker.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.vidgate.broker.SettableClock;
import io.vidgate.broker.facts.Fact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/** The CDR never stops: a line that cannot be written is skipped, and the next one goes to a new file. */
class CdrObserverTest {

    @TempDir
    Path parent;

    @Test
    void aLineThatCannotBeWrittenIsSkippedAndTheNextOneWritten() throws Exception {
        Path folder = parent.resolve("cdr");
        SettableClock clock = new SettableClock(Instant.parse("2026-12-08T10:00:00Z"));
        try (CdrObserver cdr = new CdrObserver(new CdrFiles(folder, 1_000_000, true, 30, clock))) {
            cdr.observe(new Fact.SessionCreated("ses_First", 1_000));

            // The folder is gone (replaced by a file) when the next day's file must be started.
            FileSystemUtils.deleteRecursively(folder);
            Files.writeString(folder, "in the way");
            clock.advance(Duration.ofDays(1));
            cdr.observe(new Fact.SessionCreated("ses_Lost", 2_000));

            Files.delete(folder);
            Files.createDirectory(folder);
            cdr.observe(new Fact.SessionCreated("ses_Third", 3_000));
        }

        try (var files = Files.list(folder)) {
            assertThat(files.flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList()).containsExactly(CdrLine.of(new Fact.SessionCreated("ses_Third", 3_000)));
        }
    }
}
