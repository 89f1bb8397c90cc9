package io.vidgate.emulator.hooks;

import io.vidgate.emulator.objects.MediaObjectImpl;
import io.vidgate.emulator.objects.MediaServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /emulator/objects} returns: the live media objects (the ServerManager
 * singleton excluded), counted by type overall and per pipeline, with the sessions, their
 * subscriptions and the open client connections. "Nothing leaked" is {@code total == 0}.
 *
 * @param byType live objects by kmd type, pipelines included
 * @param pipelines each pipeline with the objects created in it (not counting itself)
 */
public record ObjectsReport(int total, Map<String, Integer> byType, List<Pipeline> pipelines,
    List<String> sessions, int subscriptions, int connections) {

  public record Pipeline(String id, String name, int total, Map<String, Integer> byType,
      List<Entry> objects) {}

  /** @param parent the parent's id (the pipeline, or the hub of a HubPort) */
  public record Entry(String id, String type, String name, String parent) {}

  /** Reads the server's state; call under its lock. */
  public static ObjectsReport of(MediaServer server, int connections) {
    List<MediaObjectImpl> live = server.liveObjects();
    Map<String, Integer> byType = new TreeMap<>();
    Map<String, List<Entry>> perPipeline = new LinkedHashMap<>();
    for (MediaObjectImpl o : live) {
      byType.merge(o.type(), 1, Integer::sum);
      if (o.pipeline() == o) {
        perPipeline.putIfAbsent(o.id(), new ArrayList<>());
      } else {
        perPipeline.computeIfAbsent(o.pipeline().id(), k -> new ArrayList<>()).add(
            new Entry(o.id(), o.type(), o.name(), o.parent().id()));
      }
    }
    List<Pipeline> pipelines = new ArrayList<>();
    perPipeline.forEach((id, objects) -> {
      Map<String, Integer> counts = new TreeMap<>();
      objects.forEach(e -> counts.merge(e.type(), 1, Integer::sum));
      pipelines.add(new Pipeline(id, server.require(id).name(), objects.size(),
          Collections.unmodifiableMap(counts), List.copyOf(objects)));
    });
    return new ObjectsReport(live.size(), Collections.unmodifiableMap(byType),
        List.copyOf(pipelines), server.sessionIds(), server.subscriptionCount(), connections);
  }

  /** Live objects of a type, over all pipelines. */
  public int count(String type) {
    return byType.getOrDefault(type, 0);
  }
}
