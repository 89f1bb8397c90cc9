package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import io.vidgate.broker.webhooks.WebhookJournal.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookJournalTest {

    @TempDir
    Path directory;

    private WebhookJournal open(int maxBacklog) {
        return WebhookJournal.open(directory, maxBacklog, Clock.systemUTC());
    }

    private static List<String> bodies(WebhookJournal journal) {
        return journal.pending().stream().map(Entry::body).toList();
    }

    @Test
    void aRestartFindsThePendingEventsInOrderWithTheirIds() {
        List<Entry> appended;
        try (WebhookJournal journal = open(100)) {
            appended = List.of(journal.append("sessionCreated", "{\"n\":1}"),
                    journal.append("participantJoined", "{\"n\":2}"),
                    journal.append("participantLeft", "{\"n\":3}"));
        }
        try (WebhookJournal reopened = open(100)) {
            assertThat(reopened.pending()).isEqualTo(appended);
            assertThat(reopened.head().id()).startsWith("msg_");
        }
    }

    @Test
    void anAcceptedEventIsInTheFileBeforeAppendReturnsAsAfterASigkill() {
        WebhookJournal killed = open(100);
        try {
            Entry accepted = killed.append("sessionCreated", "{\"n\":1}");

            // Nothing closed or flushed: what a new broker finds is what the file held when append returned.
            try (WebhookJournal next = open(100)) {
                assertThat(next.pending()).containsExactly(accepted);
            }
        } finally {
            killed.close();
        }
    }

    @Test
    void finishedEventsAreNotPendingAfterARestart() {
        try (WebhookJournal journal = open(100)) {
            Entry first = journal.append("sessionCreated", "{\"n\":1}");
            journal.append("sessionDestroyed", "{\"n\":2}");
            journal.finish(first);
        }
        try (WebhookJournal reopened = open(100)) {
            assertThat(bodies(reopened)).containsExactly("{\"n\":2}");
        }
    }

    @Test
    void newEventsAfterARestartComeAfterTheRecoveredOnes() {
        try (WebhookJournal journal = open(100)) {
            journal.append("sessionCreated", "{\"n\":1}");
        }
        try (WebhookJournal reopened = open(100)) {
            reopened.append("sessionDestroyed", "{\"n\":2}");
        }
        try (WebhookJournal again = open(100)) {
            assertThat(bodies(again)).containsExactly("{\"n\":1}", "{\"n\":2}");
            assertThat(again.pending().get(0).seq()).isLessThan(again.pending().get(1).seq());
        }
    }

    @Test
    void aLastLineTornByACrashIsIgnoredAndTheJournalGoesOn() throws IOException {
        try (WebhookJournal journal = open(100)) {
            journal.append("sessionCreated", "{\"n\":1}");
        }
        // The broker died in the middle of writing the next event's line.
        Files.writeString(directory.resolve(WebhookJournal.FILE), "{\"seq\":2,\"id\":\"msg_torn\",\"ev",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (WebhookJournal reopened = open(100)) {
            assertThat(bodies(reopened)).containsExactly("{\"n\":1}");
            reopened.append("sessionDestroyed", "{\"n\":2}");
        }
        try (WebhookJournal again = open(100)) {
            assertThat(bodies(again)).containsExactly("{\"n\":1}", "{\"n\":2}");
        }
    }

    @Test
    void aFullBacklogDropsTheOldestAndCountsThem() {
        try (WebhookJournal journal = open(3)) {
            for (int n = 1; n <= 5; n++) {
                journal.append("signalSent", "{\"n\":" + n + "}");
            }
            assertThat(bodies(journal)).containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
            assertThat(journal.dropped()).isEqualTo(2);
            assertThat(journal.backlog()).isEqualTo(3);
        }
        try (WebhookJournal reopened = open(3)) {
            assertThat(bodies(reopened)).containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
        }
    }

    @Test
    void aSmallerBacklogAtRestartKeepsTheNewest() {
        try (WebhookJournal journal = open(10)) {
            for (int n = 1; n <= 5; n++) {
                journal.append("signalSent", "{\"n\":" + n + "}");
            }
        }
        try (WebhookJournal reopened = open(2)) {
            assertThat(bodies(reopened)).containsExactly("{\"n\":4}", "{\"n\":5}");
            assertThat(reopened.dropped()).isEqualTo(3);
        }
    }

    @Test
    void finishingADroppedEventChangesNothing() {
        try (WebhookJournal journal = open(1)) {
            Entry sending = journal.append("signalSent", "{\"n\":1}");
            journal.append("signalSent", "{\"n\":2}");

            journal.finish(sending);

            assertThat(bodies(journal)).containsExactly("{\"n\":2}");
        }
    }

    @Test
    void theFileIsCompactedAsEventsAreDelivered() throws IOException {
        Path file = directory.resolve(WebhookJournal.FILE);
        int compactAfter = 16;
        int appended = 3 * compactAfter;
        int delivered = 2 * compactAfter;
        try (WebhookJournal journal = WebhookJournal.open(directory, 100_000, Clock.systemUTC(), compactAfter)) {
            for (int n = 0; n < appended; n++) {
                journal.append("signalSent", "{\"n\":" + n + "}");
            }
            for (int n = 0; n < delivered; n++) {
                journal.finish(journal.head());
            }
            // Without compaction: every event line plus a marker per delivered one.
            assertThat(Files.readAllLines(file)).hasSizeLessThan(appended);
        }
        try (WebhookJournal reopened = open(100_000)) {
            assertThat(reopened.backlog()).isEqualTo(appended - delivered);
            assertThat(reopened.head().body()).isEqualTo("{\"n\":" + delivered + "}");
            while (reopened.head() != null) {
                reopened.finish(reopened.head());
            }
            assertThat(Files.size(file)).isZero();
        }
    }
}
