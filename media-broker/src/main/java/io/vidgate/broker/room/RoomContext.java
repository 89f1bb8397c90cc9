package io.vidgate.broker.room;

import java.time.Clock;
import java.util.function.Function;

import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.session.SessionLimits;

/**
 * What every room of a broker shares.
 *
 * @param ice the STUN/TURN settings of a connection's endpoints (its own short-lived TURN credentials), by connection id
 * @param media told of every room's streams ({@link Rooms#addMediaListener})
 */
record RoomContext(SessionLimits limits, Clock clock, PipelineManager pipelines, Function<String, IceConfig> ice,
        FactStream facts, RoomHost host, MediaListeners media) {

    IceConfig iceFor(String connectionId) {
        return ice.apply(connectionId);
    }
}
