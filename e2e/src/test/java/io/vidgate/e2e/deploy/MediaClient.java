package io.vidgate.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import io.vidgate.e2e.call.EdgeClient;
import io.vidgate.emulator.testing.ClientStats;
import io.vidgate.emulator.testing.ClientObserver;
import io.vidgate.emulator.testing.DecodedVideo;
import io.vidgate.emulator.testing.SyntheticCamera;
import io.vidgate.emulator.webrtc.real.NativeRefs;
import io.vidgate.emulator.webrtc.real.SessionDescriptions;
import tools.jackson.databind.JsonNode;

/**
 * A WebRTC client standing where a browser with openvidu-browser would, on webrtc-java: it publishes a synthetic
 * camera, or subscribes to a stream and decodes its video, negotiating through its {@link EdgeClient} with the
 * frames openvidu-browser sends ({@code publishVideo} with its offer; {@code prepareReceiveVideoFrom} then
 * {@code receiveVideoFrom} with its answer; {@code onIceCandidate} and {@code iceCandidate} for trickle ICE). Its
 * ICE servers are the ones the {@code joinRoom} answer handed out, relayed only: media goes through coturn, as
 * docker-compose.yml's deployment makes it go. One role per client: publisher or subscriber.
 */
final class MediaClient implements AutoCloseable {

    /** The clients' libwebrtc, on the dummy audio device (headless machines have none). */
    static final class Factory implements AutoCloseable {

        private final AudioDeviceModule audio = new AudioDeviceModule(AudioLayer.kDummyAudio);
        private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        private final List<MediaClient> clients = new ArrayList<>();

        /** A client negotiating over {@code signaling} (joined), with the ICE servers of its joinRoom answer. */
        synchronized MediaClient client(EdgeClient signaling, JsonNode joinResult) {
            MediaClient client = new MediaClient(factory, signaling, relayOnly(joinResult));
            clients.add(client);
            return client;
        }

        @Override
        public synchronized void close() {
            clients.forEach(MediaClient::close);
            factory.dispose();
            audio.dispose();
        }
    }

    private final EdgeClient signaling;
    private final PeerConnectionFactory factory;
    private final RTCPeerConnection pc;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("media-client-signaling"));
    private final List<Long> references = new ArrayList<>();

    // Trickle ICE, guarded by `this`: local candidates wait until the server knows the endpoint they belong to,
    // remote ones until the remote description is set.
    private String endpointName;
    private String remoteSender;
    private boolean negotiated;
    private boolean remoteSet;
    private final List<RTCIceCandidate> localEarly = new ArrayList<>();
    private final List<RTCIceCandidate> remoteEarly = new ArrayList<>();

    private volatile boolean closed;
    private SyntheticCamera camera;
    private final DecodedVideo decoded = new DecodedVideo();
    private final ClientObserver observer = new ClientObserver(this::localCandidate, decoded);

    private MediaClient(PeerConnectionFactory factory, EdgeClient signaling, RTCConfiguration config) {
        this.factory = factory;
        this.signaling = signaling;
        this.pc = factory.createPeerConnection(config, observer);
        references.add(NativeRefs.handle(pc));
        signaling.onNotification("iceCandidate", this::remoteCandidate);
    }

    /** ICE configuration from a joinRoom answer: its customIceServers (fresh TURN credentials), relay only. */
    static RTCConfiguration relayOnly(JsonNode joinResult) {
        List<RTCIceServer> servers = new ArrayList<>();
        for (JsonNode server : joinResult.path("customIceServers")) {
            RTCIceServer ice = new RTCIceServer();
            ice.urls = List.of(server.get("url").stringValue());
            ice.username = server.path("username").stringValue();
            ice.password = server.path("credential").stringValue();
            servers.add(ice);
        }
        if (servers.isEmpty()) {
            throw new AssertionError("the joinRoom answer carries no customIceServers: " + joinResult);
        }
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers = servers;
        config.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        return config;
    }

    /** Publishes a moving {@code width}x{@code height} picture and a tone, as openvidu-browser publishes; the stream id. */
    String publish(int width, int height, int fps) {
        camera = new SyntheticCamera(factory);
        references.addAll(camera.addTo(pc));
        camera.start(width, height, fps, false);

        synchronized (this) {
            endpointName = signaling.connectionId(); // openvidu-browser names its publisher by its connection id
            remoteSender = signaling.connectionId();
        }
        RTCSessionDescription offer = SessionDescriptions.create(pc, true).orTimeout(10, TimeUnit.SECONDS).join();
        apply(offer, true);
        JsonNode published = signaling.result("publishVideo", EdgeClient.params("doLoopback", false,
                "hasAudio", true, "hasVideo", true, "audioActive", true, "videoActive", true, "typeOfVideo", "CAMERA",
                "frameRate", fps, "videoDimensions", "{\"width\":" + width + ",\"height\":" + height + "}",
                "sdpOffer", offer.sdp));
        apply(new RTCSessionDescription(RTCSdpType.ANSWER, published.get("sdpAnswer").stringValue()), false);
        remoteDescriptionSet();
        negotiated();
        return published.get("id").stringValue();
    }

    /** Subscribes to {@code streamId} of {@code publisherConnectionId} as openvidu-browser does by default: the server offers. */
    void subscribe(String streamId, String publisherConnectionId) {
        synchronized (this) {
            endpointName = publisherConnectionId; // openvidu-browser names a subscription by the publisher's connection
            remoteSender = publisherConnectionId;
        }
        String offer = signaling.result("prepareReceiveVideoFrom", EdgeClient.params("sender", streamId,
                "reconnect", false)).get("sdpOffer").stringValue();
        apply(new RTCSessionDescription(RTCSdpType.OFFER, offer), false);
        remoteDescriptionSet();
        RTCSessionDescription answer = SessionDescriptions.create(pc, false).orTimeout(10, TimeUnit.SECONDS).join();
        apply(answer, true);
        signaling.result("receiveVideoFrom", EdgeClient.params("sender", streamId, "sdpAnswer", answer.sdp));
        negotiated();
    }

    boolean connected() {
        return observer.connected();
    }

    int framesDecoded() {
        return decoded.framesDecoded();
    }

    Set<String> frameSizes() {
        return decoded.frameSizes();
    }

    /** How many different centre pixels the decoded frames had: more than one means a moving picture arrived. */
    int distinctPictures() {
        return decoded.distinctPictures();
    }

    /** The candidate types ({@code relay}, {@code host}…) of the selected pair: local, remote. */
    List<String> selectedCandidateTypes() {
        return ClientStats.selectedCandidateTypes(pc);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sender.shutdownNow();
        if (camera != null) {
            camera.stop();
        }
        decoded.close();
        pc.close();
        references.forEach(NativeRefs::release);
        if (camera != null) {
            camera.dispose();
        }
    }

    // ---------------------------------------------------------------- trickle ICE

    private void apply(RTCSessionDescription description, boolean local) {
        SessionDescriptions.apply(pc, description, local).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** An {@code iceCandidate} notification: taken if it is for this client's endpoint. */
    private boolean remoteCandidate(JsonNode params) {
        RTCIceCandidate candidate;
        synchronized (this) {
            if (remoteSender == null || !remoteSender.equals(params.path("senderConnectionId").stringValue())) {
                return false;
            }
            candidate = new RTCIceCandidate(params.path("sdpMid").stringValue(), params.path("sdpMLineIndex").intValue(),
                    params.path("candidate").stringValue());
            if (!remoteSet) {
                remoteEarly.add(candidate);
                return true;
            }
        }
        if (!closed) {
            pc.addIceCandidate(candidate);
        }
        return true;
    }

    private void remoteDescriptionSet() {
        List<RTCIceCandidate> early;
        synchronized (this) {
            remoteSet = true;
            early = List.copyOf(remoteEarly);
            remoteEarly.clear();
        }
        early.forEach(pc::addIceCandidate);
    }

    private void localCandidate(RTCIceCandidate candidate) {
        synchronized (this) {
            if (!negotiated) {
                localEarly.add(candidate);
                return;
            }
        }
        send(candidate);
    }

    private void negotiated() {
        List<RTCIceCandidate> early;
        synchronized (this) {
            negotiated = true;
            early = List.copyOf(localEarly);
            localEarly.clear();
        }
        early.forEach(this::send);
    }

    /** openvidu-browser's Connection.sendIceCandidate; sent off libwebrtc's thread. */
    private void send(RTCIceCandidate candidate) {
        String endpoint;
        synchronized (this) {
            endpoint = endpointName;
        }
        if (closed) {
            return;
        }
        sender.execute(() -> signaling.send("onIceCandidate", EdgeClient.params("endpointName", endpoint,
                "candidate", candidate.sdp, "sdpMid", candidate.sdpMid, "sdpMLineIndex", candidate.sdpMLineIndex)));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
