package io.vidgate.broker.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vidgate.broker.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDR's files in a real folder: every line once and in order, rotation by size and by day, a bounded count. */
class CdrFilesTest {

    @TempDir
    Path folder;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-08T10:15:30Z"));

    private CdrFiles files(long maxFileBytes, boolean daily, int maxFiles) throws IOException {
        return new CdrFiles(folder, maxFileBytes, daily, maxFiles, clock);
    }

    /** Every line of every CDR file, oldest file first. */
    private List<String> allLines(CdrFiles files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files.files()) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static String line(int number) {
        return "{\"signalSent\":{\"sessionId\":\"ses_S\",\"timestamp\":" + number + ",\"data\":\"" + "x".repeat(60)
                + "\"}}";
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }

    @Test
    void linesGoToOneFileNamedAsOpenViduNamesItsCdrInTheOrderAppended() throws IOException {
        try (CdrFiles files = files(1_000_000, true, 30)) {
            for (int i = 0; i < 100; i++) {
                files.append(line(i));
            }

            assertThat(names(files.files())).containsExactly("CDR.2026-12-08_10-15-30.log");
            assertThat(allLines(files)).containsExactlyElementsOf(range(0, 100));
        }
    }

    @Test
    void nothingIsWrittenBeforeTheFirstLine() throws IOException {
        try (CdrFiles files = files(1_000_000, true, 30)) {
            assertThat(files.files()).isEmpty();
        }
    }

    @Test
    void aFullFileIsFollowedByANewOneAndNoLineIsSplitOrLost() throws IOException {
        try (CdrFiles files = files(1024, false, 1000)) {
            for (int i = 0; i < 100; i++) {
                files.append(line(i));
                clock.advance(Duration.ofMillis(300));
            }

            List<Path> written = files.files();
            assertThat(written).hasSizeGreaterThan(5);
            for (Path file : written) {
                assertThat(Files.size(file)).as(file.toString()).isLessThanOrEqualTo(1024);
            }
            assertThat(allLines(files)).containsExactlyElementsOf(range(0, 100));
        }
    }

    @Test
    void aLineLongerThanAFileGetsAFileOfItsOwn() throws IOException {
        String huge = "{\"signalSent\":{\"data\":\"" + "y".repeat(5000) + "\"}}";
        try (CdrFiles files = files(1024, false, 30)) {
            files.append(line(1));
            clock.advance(Duration.ofSeconds(1));
            files.append(huge);
            clock.advance(Duration.ofSeconds(1));
            files.append(line(2));

            assertThat(files.files()).hasSize(3);
            assertThat(allLines(files)).containsExactly(line(1), huge, line(2));
        }
    }

    @Test
    void theFirstLineOfADayStartsANewFile() throws IOException {
        clock.set(Instant.parse("2026-12-08T23:59:59.500Z"));
        try (CdrFiles files = files(1_000_000, true, 30)) {
            files.append(line(1));
            clock.advance(Duration.ofMillis(400));
            files.append(line(2));
            clock.advance(Duration.ofMillis(200));
            files.append(line(3));

            assertThat(names(files.files())).containsExactly("CDR.2026-12-08_23-59-59.log",
                    "CDR.2026-12-09_00-00-00.log");
            assertThat(Files.readAllLines(files.files().get(0))).containsExactly(line(1), line(2));
            assertThat(Files.readAllLines(files.files().get(1))).containsExactly(line(3));
        }
    }

    @Test
    void withoutDailyRotationTheDayDoesNotMatter() throws IOException {
        clock.set(Instant.parse("2026-12-08T23:59:59Z"));
        try (CdrFiles files = files(1_000_000, false, 30)) {
            files.append(line(1));
            clock.advance(Duration.ofDays(3));
            files.append(line(2));

            assertThat(names(files.files())).containsExactly("CDR.2026-12-08_23-59-59.log");
        }
    }

    @Test
    void onlyTheNewestFilesAreKeptAndNoOtherFileIsTouched() throws IOException {
        Files.writeString(folder.resolve("README.txt"), "operator's notes");
        Files.writeString(folder.resolve("CDR.2026-01-01_00-00-00.log.gz"), "an archive");
        try (CdrFiles files = files(1024, false, 3)) {
            for (int i = 0; i < 100; i++) {
                files.append(line(i));
                clock.advance(Duration.ofSeconds(1));
            }

            List<Path> kept = files.files();
            assertThat(kept).hasSize(3);
            List<String> lines = allLines(files);
            assertThat(lines).endsWith(line(99));
            assertThat(lines).containsExactlyElementsOf(range(100 - lines.size(), 100));
        }
        assertThat(folder.resolve("README.txt")).hasContent("operator's notes");
        assertThat(folder.resolve("CDR.2026-01-01_00-00-00.log.gz")).hasContent("an archive");
    }

    @Test
    void aRestartInTheSameSecondStartsAnotherFileAndKeepsTheFirst() throws IOException {
        try (CdrFiles before = files(1_000_000, true, 30)) {
            before.append(line(1));
        }
        try (CdrFiles after = files(1_000_000, true, 30)) {
            after.append(line(2));

            assertThat(names(after.files())).containsExactly("CDR.2026-12-08_10-15-30.log",
                    "CDR.2026-12-08_10-15-30_1.log");
            assertThat(allLines(after)).containsExactly(line(1), line(2));
        }
    }

    @Test
    void filesOfTheSameSecondAreDeletedInTheOrderTheyWereStarted() throws IOException {
        for (int i = 0; i < 12; i++) {
            try (CdrFiles restarted = files(1_000_000, true, 3)) {
                restarted.append(line(i));
            }
        }

        try (CdrFiles files = files(1_000_000, true, 3)) {
            assertThat(names(files.files())).containsExactly("CDR.2026-12-08_10-15-30_9.log",
                    "CDR.2026-12-08_10-15-30_10.log", "CDR.2026-12-08_10-15-30_11.log");
            assertThat(allLines(files)).containsExactly(line(9), line(10), line(11));
        }
    }

    @Test
    void aFolderThatCannotBeCreatedIsRefused() throws IOException {
        Path aFile = Files.writeString(folder.resolve("not-a-folder"), "");

        assertThatThrownBy(() -> new CdrFiles(aFile.resolve("cdr"), 1024, true, 3, clock))
                .isInstanceOf(IOException.class);
    }

    private static List<String> range(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(line(i));
        }
        return lines;
    }
}
