package io.vidgate.emulator.objects;

import io.vidgate.emulator.webrtc.WebRtcPeer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Where each WebRtcEndpoint's received media must be sent: to the WebRtcEndpoints its connections
 * reach, directly or through any other elements (PassThrough, filters, hub ports pass media on).
 * Handed to the endpoints' peers after every change of the pipeline's connections; peers without
 * media ignore it.
 */
final class MediaRoutes {

  private MediaRoutes() {}

  static void update(List<MediaElementImpl> elements) {
    for (MediaElementImpl e : elements) {
      if (e instanceof WebRtcEndpointImpl source) {
        source.peer().forwardTo("audio", reached(source, MediaType.AUDIO));
        source.peer().forwardTo("video", reached(source, MediaType.VIDEO));
      }
    }
  }

  private static List<WebRtcPeer> reached(WebRtcEndpointImpl source, MediaType type) {
    List<WebRtcPeer> out = new ArrayList<>();
    Set<MediaElementImpl> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<MediaElementImpl> next = new ArrayDeque<>();
    next.add(source);
    while (!next.isEmpty()) {
      for (ElementConnection c : next.poll().sinkConnections()) {
        MediaElementImpl sink = c.sink();
        if (c.type() != type || !seen.add(sink)) {
          continue;
        }
        if (sink instanceof WebRtcEndpointImpl endpoint) {
          out.add(endpoint.peer());
        } else {
          next.add(sink);
        }
      }
    }
    return out;
  }
}
