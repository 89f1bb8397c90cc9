package io.vidgate.broker.cdr;

import java.io.IOException;
import java.nio.file.Path;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every fact to the CDR files as one line in OpenVidu's CDR format ({@link CdrLine}), in the order the facts
 * happened (observers hear them so). A line that cannot be written is logged and the next one tried: the CDR never
 * holds up a call. A bean only with {@code vidgate.cdr.enabled}.
 */
public final class CdrObserver implements FactObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdrObserver.class);

    private final CdrFiles files;
    private long failures;

    CdrObserver(CdrFiles files) {
        this.files = files;
    }

    @Override
    public void observe(Fact fact) {
        try {
            files.append(CdrLine.of(fact));
        } catch (IOException failed) {
            failures++;
            // Powers of two: a full disk is reported at once, then less and less often while it stays full.
            if (Long.bitCount(failures) == 1) {
                log.warn("CDR: {} not written to {} ({} lines lost so far): {}", fact.event(), files.directory(),
                        failures, failed.toString());
            }
        }
    }

    /** The folder of the CDR files ({@code OPENVIDU_CDR_PATH} in {@code GET /openvidu/api/config}). */
    public Path directory() {
        return files.directory();
    }

    /** Closes the current file; a fact heard afterwards starts a new one. */
    @Override
    public void close() throws IOException {
        files.close();
    }
}
