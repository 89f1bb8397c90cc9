package io.vidgate.turn;

import java.util.List;

/**
 * The answer of a TURN REST API (draft-uberti-behave-turn-rest-00) endpoint, as Janus's {@code turn_rest_api}
 * and other third parties read it: {@code {"username", "password", "ttl", "uris"}}.
 *
 * @param ttl seconds the credential is valid for
 */
public record TurnRestApiResponse(String username, String password, long ttl, List<String> uris) {

    public TurnRestApiResponse {
        uris = List.copyOf(uris);
    }

    @Override
    public String toString() {
        return "TurnRestApiResponse[username=" + username + ", password=<hidden>, ttl=" + ttl + ", uris=" + uris + "]";
    }
}
