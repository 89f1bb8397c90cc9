package io.vidgate.broker.admin;

import java.net.URI;
import java.util.concurrent.CompletionException;

import io.vidgate.broker.recording.Recording;
import io.vidgate.broker.recording.RecordingJson;
import io.vidgate.broker.recording.RecordingService;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.protocol.BrokerHeaders;
import io.vidgate.protocol.LogSafe;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenVidu's recordings API: start, stop, fetch, list, delete, with openvidu-server's status codes. With recording
 * off ({@code vidgate.recording.enabled}) every call is a 501, as openvidu-server's with OPENVIDU_RECORDING=false.
 */
@RestController
@RequestMapping("/openvidu/api/recordings")
public class RecordingsController {

    static final String DOWNLOAD_PATH = "/openvidu/recordings/";

    private final RecordingService recordings;

    public RecordingsController(RecordingService recordings) {
        this.recordings = recordings;
    }

    /**
     * 200 Recording ({@code started}); 400 no {@code session}, wrong types; 404 no session; 406 nobody connected (or
     * publishing); 409 being recorded already; 422 values out of range; 501.
     */
    @PostMapping("/start")
    public Mono<ObjectNode> start(@RequestBody(required = false) JsonNode body, ServerHttpRequest request) {
        requireEnabled();
        String sessionId = RecordingRequests.sessionId(body);
        RecordingDefaults asked = RecordingRequests.parse(body, recordings.recordable(sessionId));
        return onTheConnectionsEventLoop(Mono.fromFuture(() -> recordings.start(sessionId, asked)), request)
                .onErrorMap(CompletionException.class, wrapped -> wrapped.getCause() != null ? wrapped.getCause() : wrapped)
                .map(started -> json(started, request));
    }

    /**
     * Kurento's answer completes the start on a Kurento client thread. An answer written from there raced with the
     * client's next request on the same keep-alive connection: Reactor Netty buffered that request as pipelined and
     * did not serve it until the client gave up (openvidu-java-client's stopRecording right after startRecording
     * timed out after 30 s). Written from the connection's own event loop, it cannot race.
     */
    private static <T> Mono<T> onTheConnectionsEventLoop(Mono<T> answer, ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        if (nativeRequest instanceof Connection connection) {
            return answer.publishOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
        }
        return answer;
    }

    /** 200 Recording ({@code stopped}); 404; 406 still starting; 409 not started; 501. */
    @PostMapping("/stop/{recordingId}")
    public ObjectNode stop(@PathVariable String recordingId, ServerHttpRequest request) {
        requireEnabled();
        return json(recordings.stop(recordingId), request);
    }

    /** 200 Recording; 404; 501. */
    @GetMapping("/{recordingId}")
    public ObjectNode fetch(@PathVariable String recordingId, ServerHttpRequest request) {
        requireEnabled();
        return recordings.find(recordingId).map(recording -> json(recording, request))
                .orElseThrow(() -> ApiException.notFound("No recording " + LogSafe.quote(recordingId)));
    }

    /** 200 {count, items}; 501. */
    @GetMapping
    public ObjectNode list(ServerHttpRequest request) {
        requireEnabled();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (Recording recording : recordings.list()) {
            items.add(json(recording, request));
        }
        json.put("count", items.size());
        json.set("items", items);
        return json;
    }

    /** 204; 404; 409 still being recorded; 501. */
    @DeleteMapping("/{recordingId}")
    public ResponseEntity<Void> delete(@PathVariable String recordingId) {
        requireEnabled();
        recordings.delete(recordingId);
        return ResponseEntity.noContent().build();
    }

    private void requireEnabled() {
        if (!recordings.enabled()) {
            throw disabled();
        }
    }

    static ApiException disabled() {
        return new ApiException(HttpStatus.NOT_IMPLEMENTED,
                "Recording is off in this Vidgate (vidgate.recording.enabled=false)");
    }

    /** The recording's JSON, its {@code url} on the internal listener the request came through once it is done. */
    private static ObjectNode json(Recording recording, ServerHttpRequest request) {
        boolean done = recording.status() == Recording.Status.ready || recording.status() == Recording.Status.failed;
        return RecordingJson.toJson(recording, done ? downloadUrl(recording, request) : null);
    }

    static String downloadUrl(Recording recording, ServerHttpRequest request) {
        return baseUrl(request) + DOWNLOAD_PATH + recording.id() + "/" + recording.fileName();
    }

    /**
     * The gateway's {@link BrokerHeaders#ADMIN_URL} (the internal listener as the caller reached it); a call straight
     * to the broker gets the broker's own address.
     */
    private static String baseUrl(ServerHttpRequest request) {
        String adminUrl = request.getHeaders().getFirst(BrokerHeaders.ADMIN_URL);
        if (adminUrl != null && !adminUrl.isBlank()) {
            return adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
        }
        URI uri = request.getURI();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
