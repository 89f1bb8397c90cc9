package io.vidgate.turn.testing;

/**
 * What {@code turnutils_uclient} got from coturn.
 *
 * @param allocated    true if relays were allocated (and data went through them), false if coturn refused
 * @param clientOutput what {@code turnutils_uclient} printed, for assertion messages
 */
public record AllocationResult(boolean allocated, String clientOutput) {

    public boolean refused() {
        return !allocated;
    }
}
