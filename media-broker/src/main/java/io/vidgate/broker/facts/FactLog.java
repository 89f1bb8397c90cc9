package io.vidgate.broker.facts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log: one INFO line per fact on the logger {@code vidgate.facts}, {@code fact } followed by the fact as
 * OpenVidu's webhook body ({@link OpenViduEventJson}). Operators read who joined, published and left and why; turn it
 * off with {@code logging.level.vidgate.facts=WARN}.
 */
public final class FactLog implements FactObserver {

    static final Logger log = LoggerFactory.getLogger("vidgate.facts");

    @Override
    public void observe(Fact fact) {
        if (log.isInfoEnabled()) {
            log.info("fact {}", OpenViduEventJson.of(fact));
        }
    }
}
