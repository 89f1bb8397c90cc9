package io.vidgate.emulator.objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.kmd.PropertyDef;
import io.vidgate.emulator.media.FileRecording;
import io.vidgate.emulator.media.RecordingProfile;
import io.vidgate.emulator.media.VideoSink;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A RecorderEndpoint: KMS's UriEndpoint state machine (STOP, START, PAUSE) with its events, and a
 * real file at its {@code file://} URI written by a {@link FileRecording} (ffmpeg) from the video
 * the pipeline routes to it ({@link #videoInput}). A recorder consumes media and produces none.
 *
 * <p>As in KMS: {@code record()} is answered at once, Recording follows; {@code stop()} is
 * answered at once, and UriEndpointStateChanged(STOP) and Stopped follow once the file is
 * complete; {@code stopAndWait()} is answered after them. Releasing a recording recorder (or its
 * pipeline) finishes the file too, and the release is answered once it is complete. A stopped
 * recorder does not record again (KMS: "Recorder is stopped"): a new file needs a new recorder.
 * What cannot be written comes as KMS's Error event on the recorder: RESOURCE_ERROR_OPEN for a
 * path that cannot be opened, UNEXPECTED_ELEMENT_ERROR when ffmpeg is missing.
 */
final class RecorderEndpointImpl extends MediaElementImpl {

  private String state = "STOP";
  private FileRecording recording;
  /** The recording frames go to, published for the senders' threads. */
  private volatile FileRecording current;
  /** Completes once the file is finished and Stopped was raised; null until a stop. */
  private CompletableFuture<Void> stopped;

  RecorderEndpointImpl(Init init) {
    super(init);
  }

  @Override
  Set<MediaType> produced(Set<MediaType> in) {
    return Set.of();
  }

  /** Where the video routed to this recorder goes: the file while recording, else nowhere. */
  VideoSink videoInput() {
    return frame -> {
      FileRecording r = current;
      if (r != null) {
        r.input().accept(frame);
      }
    };
  }

  @Override
  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    switch (op.name()) {
      case "record" -> record(ctx);
      case "pause" -> {
        if (state.equals("START")) {
          recording.pause();
          moveTo("PAUSE", "Paused", ctx);
        }
      }
      case "stop" -> stop();
      case "stopAndWait" -> {
        CompletableFuture<Void> done = stop();
        if (done != null) {
          server.holdAnswer(done);
        }
      }
      default -> {
        return super.call(op, params, ctx);
      }
    }
    return Reply.VOID;
  }

  private void record(CallContext ctx) {
    if (stopped != null) {
      return; // KMS logs "Recorder is stopped" and answers normally
    }
    if (state.equals("PAUSE")) {
      recording.resume();
      moveTo("START", "Recording", ctx);
      return;
    }
    if (recording != null) {
      return; // already recording
    }
    String profileName = constructorParam("mediaProfile", "WEBM");
    Optional<RecordingProfile> profile = RecordingProfile.of(profileName);
    Path file = fileOf(constructorParam("uri", ""));
    String refusal = profile.isEmpty()
        ? "Media profile " + profileName
            + " is not emulated (WEBM, MP4 and their _VIDEO_ONLY, _AUDIO_ONLY are)"
        : file == null ? "Only file:// URIs with an absolute path are emulated" : null;
    if (refusal != null) {
      ctx.afterResponse(() -> fire("Error", EventBus.fields("description", refusal,
          "errorCode", 0, "type", "UNEXPECTED_ELEMENT_ERROR")));
      return;
    }
    recording = new FileRecording(file, profile.get(), server.settings().ffmpeg(),
        this::failed);
    current = recording;
    recording.start();
    moveTo("START", "Recording", ctx);
  }

  /** Starts finishing the file, once; what completes after Stopped, or null if never recorded. */
  private CompletableFuture<Void> stop() {
    if (recording == null) {
      return null;
    }
    if (stopped == null) {
      stopped = recording.finish().thenRun(() -> server.locked(() -> {
        current = null;
        if (!released()) {
          moveTo("STOP", "Stopped", null);
        }
      }));
    }
    return stopped;
  }

  /** From the recording's thread: KMS's Error event, raised on this recorder. */
  private void failed(String type, int code, String description) {
    server.locked(() -> {
      if (!released()) {
        fire("Error", EventBus.fields("description", description, "errorCode", code,
            "type", type));
      }
    });
  }

  /**
   * The local path of a {@code file://} URI (percent-escapes decoded, as GStreamer's
   * {@code gst_uri_get_location} does), or null for anything else.
   */
  static Path fileOf(String uri) {
    if (!uri.startsWith("file://")) {
      return null;
    }
    String location = uri.substring("file://".length());
    int query = location.indexOf('?');
    if (query >= 0) {
      location = location.substring(0, query);
    }
    try {
      location = URLDecoder.decode(location.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return location.startsWith("/") ? Path.of(location) : null;
  }

  private String constructorParam(String name, String absent) {
    JsonElement v = properties.get(name);
    return v == null || v.isJsonNull() ? absent : v.getAsString();
  }

  /** Changes state now; the events follow the answer, or are raised now when {@code ctx} is null. */
  private void moveTo(String next, String event, CallContext ctx) {
    if (state.equals(next)) {
      return;
    }
    state = next;
    Runnable events = () -> {
      fire("UriEndpointStateChanged", EventBus.fields("state", next));
      fire(event, new JsonObject());
    };
    if (ctx == null) {
      events.run();
    } else {
      ctx.afterResponse(events);
    }
  }

  @Override
  protected JsonElement get(PropertyDef property) {
    return property.name().equals("state") ? new JsonPrimitive(state) : super.get(property);
  }

  @Override
  protected void onRelease() {
    // KMS's release of a recording recorder is a stopAndWait first.
    CompletableFuture<Void> done = stop();
    if (done != null) {
      server.holdAnswer(done);
    }
    super.onRelease();
  }

  @Override
  protected void onServerLoss() {
    if (recording != null) {
      recording.abort();
    }
    current = null;
    super.onRelease();
  }
}
