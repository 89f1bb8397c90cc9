package io.vidgate.emulator.objects;

/** A small Graphviz graph of a pipeline's elements and connections, for getGstreamerDot. */
final class GstreamerDot {

  private GstreamerDot() {}

  static String of(MediaPipelineImpl pipeline) {
    StringBuilder dot = new StringBuilder("digraph pipeline {\n  label=\"")
        .append(pipeline.name()).append("\";\n");
    for (MediaElementImpl e : pipeline.elements()) {
      dot.append("  \"").append(e.name()).append("\" [label=\"").append(e.type())
          .append("\"];\n");
      for (ElementConnection c : e.sinkConnections()) {
        dot.append("  \"").append(e.name()).append("\" -> \"").append(c.sink().name())
            .append("\" [label=\"").append(c.type()).append("\"];\n");
      }
    }
    return dot.append("}\n").toString();
  }
}
