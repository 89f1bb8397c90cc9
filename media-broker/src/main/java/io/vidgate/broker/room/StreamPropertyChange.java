package io.vidgate.broker.room;

/**
 * A publisher changed a property of its stream ({@code streamPropertyChanged}), as the others are told.
 *
 * @param newValue the JSON text of the new value, which is what openvidu-browser parses
 * @param reason   the client's reason, passed through; may be null
 */
public record StreamPropertyChange(String connectionId, String streamId, String property, String newValue,
        String reason) {
}
