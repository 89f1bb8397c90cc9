package io.vidgate.broker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vidgate.broker.kms.KmsNode;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.OfferOptions;
import org.kurento.client.Transaction;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's MediaPipeline on one KMS, and the endpoints its participants caused.
 *
 * <p>Round trips (sequential, as the emulator's {@code /emulator/calls} counts them):
 * <ul>
 * <li>publish: (1) create the endpoint (for the session's first, one transaction creating pipeline and endpoint);
 * (2) in parallel: processOffer, setName, STUN/TURN setters, the four video bandwidth setters, subscribe
 * IceCandidateFound and Error;
 * (3) gatherCandidates. = 3</li>
 * <li>subscribe, server offer (openvidu-browser's default): prepare = (1) create endpoint; (2) in parallel: connect from the
 * publisher, generateOffer, setters, event subscriptions. = 2; then the browser's answer =
 * (1) processAnswer, (2) gatherCandidates. = 2</li>
 * <li>subscribe, client offer: (1) create; (2) connect, processOffer, setters, events; (3) gather. = 3</li>
 * <li>release: one {@code release} per endpoint, all in parallel; the pipeline's release cascades.</li>
 * <li>reconnection (reconnectStream): as the publish or subscribe it repeats, the replaced endpoint's release (and,
 * for a publisher, the connects of its subscriptions to the new endpoint) going in the last round, in parallel with
 * gatherCandidates. = 3 (publisher, client-offer subscription); 2 + 2 (server offer).</li>
 * </ul>
 * Every create comes before any other operation in a transaction, so the Java client's {@code newref} numbering
 * (creations only) agrees with KMS's (operation index) — reference/kurento-protocol.md.
 *
 * <p>Nothing here blocks: each method returns at once with a future completed on kurento-client's threads.
 */
public final class SessionPipeline {

    private static final Logger log = LoggerFactory.getLogger(SessionPipeline.class);

    private final String sessionId;
    private final KmsNode node;
    private final long generation;
    private final KurentoClient client;
    private final Set<MediaEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private CompletableFuture<MediaPipeline> pipeline;
    private boolean released;

    SessionPipeline(String sessionId, KmsNode node) {
        this.sessionId = sessionId;
        this.node = node;
        this.generation = node.generation();
        this.client = node.client().orElseThrow(
                () -> new PipelineException(PipelineException.Kind.KMS_UNAVAILABLE, "KMS " + node.uri() + " is down"));
    }

    public String sessionId() {
        return sessionId;
    }

    public KmsNode node() {
        return node;
    }

    /** False once the KMS holding it was lost (its objects are dead). */
    public boolean alive() {
        return node.generation() == generation;
    }

    public Set<MediaEndpoint> endpoints() {
        return Set.copyOf(endpoints);
    }

    /**
     * The session's Kurento MediaPipeline, where other elements (a recording's) are built next to its endpoints: once
     * the first publish created it. Fails when there is none (no publish yet, released, or its KMS lost).
     */
    public CompletableFuture<MediaPipeline> mediaPipeline() {
        CompletableFuture<MediaPipeline> p;
        synchronized (this) {
            p = released ? null : pipeline;
        }
        if (p == null || !alive()) {
            return CompletableFuture.failedFuture(new PipelineException(PipelineException.Kind.RELEASED,
                    "Session " + sessionId + " has no pipeline"));
        }
        return p;
    }

    /** The pipeline's KMS id once created (tests). */
    public String kurentoId() {
        CompletableFuture<MediaPipeline> p;
        synchronized (this) {
            p = pipeline;
        }
        MediaPipeline value = p == null ? null : p.getNow(null);
        return value == null ? null : value.getId();
    }

    /**
     * Publishes: the answer to {@code sdpOffer} (with only the session's forced codec left in it), once candidates
     * are being gathered.
     */
    public CompletableFuture<String> publish(MediaEndpoint endpoint, String sdpOffer, EndpointSettings settings) {
        requireKind(endpoint, MediaEndpoint.Kind.PUBLISHER);
        return guarded(endpoint, () -> {
            Sdp.check(sdpOffer, "SDP offer");
            String offer = settings.codec().apply(sdpOffer, endpoint, sessionId, false);
            return negotiate(endpoint, settings, w -> Async.<String>call(c -> w.processOffer(offer, c)), true);
        });
    }

    /**
     * Server-offer subscription, step 1: the endpoint's offer to the browser, with only the session's forced codec
     * left in it (the browser's answer then has no other).
     */
    public CompletableFuture<String> prepareSubscription(MediaEndpoint endpoint, EndpointSettings settings) {
        requireKind(endpoint, MediaEndpoint.Kind.SUBSCRIBER);
        boolean reconnecting = endpoint.replacing();
        return guarded(endpoint, () -> fromSource(endpoint).thenCompose(source -> negotiate(endpoint, settings, w -> {
            OfferOptions options = new OfferOptions();
            options.setOfferToReceiveAudio(false);
            options.setOfferToReceiveVideo(false);
            CompletableFuture<Void> connected = connectFrom(source, endpoint, w);
            CompletableFuture<String> offer = Async.<String>call(c -> w.generateOffer(options, c))
                    .thenApply(generated -> settings.codec().apply(generated, endpoint, sessionId, reconnecting));
            return connected.thenCombine(offer, (done, sdp) -> sdp);
        }, false)));
    }

    /** Server-offer subscription, step 2: the browser's answer; then candidates are gathered. */
    public CompletableFuture<Void> completeSubscription(MediaEndpoint endpoint, String sdpAnswer) {
        requireKind(endpoint, MediaEndpoint.Kind.SUBSCRIBER);
        return guarded(endpoint, () -> {
            Sdp.check(sdpAnswer, "SDP answer");
            WebRtcEndpoint w = endpoint.created.getNow(null);
            if (w == null) {
                throw new PipelineException(PipelineException.Kind.RELEASED, "No prepared subscription " + endpoint.name());
            }
            return Async.<String>call(c -> w.processAnswer(sdpAnswer, c))
                    .exceptionally(failed -> {
                        throw mapFailure(failed, "processAnswer");
                    })
                    .thenCompose(local -> takeOver(endpoint, true));
        });
    }

    /**
     * Client-offer subscription: the answer to the browser's offer (with only the session's forced codec left in the
     * offer).
     */
    public CompletableFuture<String> subscribeWithOffer(MediaEndpoint endpoint, String sdpOffer,
            EndpointSettings settings) {
        requireKind(endpoint, MediaEndpoint.Kind.SUBSCRIBER);
        return guarded(endpoint, () -> {
            Sdp.check(sdpOffer, "SDP offer");
            String offer = settings.codec().apply(sdpOffer, endpoint, sessionId, false);
            return fromSource(endpoint).thenCompose(source -> negotiate(endpoint, settings,
                    answeringOffer(source, endpoint, offer), true));
        });
    }

    /**
     * Reconnection (reconnectStream), step 0, no KMS call: a new endpoint to take {@code current}'s place, with its
     * name and, for a subscription, its publisher. {@code current} stays alive and connected until the new one has
     * negotiated ({@link #republish}, {@link #resubscribeWithOffer}, or {@link #prepareSubscription} then
     * {@link #completeSubscription}), which releases it; if the negotiation fails, {@link #abandon} puts things back.
     * Releasing the new endpoint before that releases {@code current} too.
     */
    public MediaEndpoint newReplacement(MediaEndpoint current, EndpointListener listener) {
        if (current.released() || !endpoints.contains(current)) {
            throw new PipelineException(PipelineException.Kind.RELEASED, current + " is not in session " + sessionId);
        }
        if (current.replacing()) {
            throw new IllegalStateException(current + " is itself a reconnection under way");
        }
        MediaEndpoint source = current.kind() == MediaEndpoint.Kind.SUBSCRIBER ? current.source() : null;
        return register(new MediaEndpoint(current.name(), current.kind(), source, listener, current));
    }

    /**
     * Publisher reconnection: the replacement answers the browser's new offer; then, in one round, every subscription
     * of the replaced endpoint is connected from the new one (subscribers keep their own negotiation), the replaced one
     * is released and candidates are gathered.
     */
    public CompletableFuture<String> republish(MediaEndpoint fresh, String sdpOffer, EndpointSettings settings) {
        requireKind(fresh, MediaEndpoint.Kind.PUBLISHER);
        return guarded(fresh, () -> {
            Sdp.check(sdpOffer, "SDP offer");
            String offer = settings.codec().apply(sdpOffer, fresh, sessionId, true);
            return thenTakeOver(fresh,
                    negotiate(fresh, settings, w -> Async.<String>call(c -> w.processOffer(offer, c)), false));
        });
    }

    /** Subscription reconnection with the browser's offer: as {@link #subscribeWithOffer}, then the old one goes. */
    public CompletableFuture<String> resubscribeWithOffer(MediaEndpoint fresh, String sdpOffer,
            EndpointSettings settings) {
        requireKind(fresh, MediaEndpoint.Kind.SUBSCRIBER);
        return guarded(fresh, () -> {
            Sdp.check(sdpOffer, "SDP offer");
            String offer = settings.codec().apply(sdpOffer, fresh, sessionId, true);
            return thenTakeOver(fresh, fromSource(fresh).thenCompose(source -> negotiate(fresh, settings,
                    answeringOffer(source, fresh, offer), false)));
        });
    }

    /**
     * Undoes a reconnection that has not taken over: the replaced endpoint keeps its place (subscriptions made to the
     * replacement meanwhile are connected from it), the replacement alone is released.
     *
     * @return the endpoint that keeps its place; null when {@code fresh} replaces nothing (anymore)
     */
    public MediaEndpoint abandon(MediaEndpoint fresh) {
        MediaEndpoint old = fresh.takeReplaced();
        if (old == null) {
            return null;
        }
        if (fresh.kind() == MediaEndpoint.Kind.PUBLISHER) {
            WebRtcEndpoint oldEndpoint = old.created.getNow(null);
            for (MediaEndpoint e : endpoints) {
                if (e.source() == fresh) {
                    e.retarget(old);
                    WebRtcEndpoint sink = e.created.getNow(null);
                    if (sink != null && oldEndpoint != null && alive()) {
                        connectFrom(oldEndpoint, e, sink).exceptionally(failed -> {
                            log.debug("Reconnecting {} to {} failed: {}", e, old, Async.unwrap(failed).getMessage());
                            return null;
                        });
                    }
                }
            }
        }
        release(fresh);
        return old;
    }

    /** A new endpoint of this session (not yet created on KMS). */
    public MediaEndpoint newPublisher(String name, EndpointListener listener) {
        return register(new MediaEndpoint(name, MediaEndpoint.Kind.PUBLISHER, null, listener));
    }

    public MediaEndpoint newSubscriber(String name, MediaEndpoint source, EndpointListener listener) {
        if (source.kind() != MediaEndpoint.Kind.PUBLISHER || !endpoints.contains(source)) {
            throw new IllegalArgumentException(source + " is not a publisher of session " + sessionId);
        }
        return register(new MediaEndpoint(name, MediaEndpoint.Kind.SUBSCRIBER, source, listener));
    }

    /**
     * Releases an endpoint and, for a publisher, every subscription receiving from it (in parallel, one round trip).
     *
     * @return the endpoints released now (not those released before)
     */
    public CompletableFuture<List<MediaEndpoint>> release(MediaEndpoint endpoint) {
        List<MediaEndpoint> gone = new ArrayList<>();
        List<MediaEndpoint> roots = new ArrayList<>(2);
        roots.add(endpoint);
        MediaEndpoint replaced = endpoint.takeReplaced(); // a reconnection under way: the endpoint it replaces goes too
        if (replaced != null) {
            roots.add(replaced);
        }
        for (MediaEndpoint root : roots) {
            if (root.markReleased()) {
                gone.add(root);
            }
            if (root.kind() == MediaEndpoint.Kind.PUBLISHER) {
                for (MediaEndpoint e : endpoints) {
                    if (e.source() == root && e.markReleased()) {
                        gone.add(e);
                    }
                }
            }
        }
        endpoints.removeAll(gone);
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        for (MediaEndpoint e : gone) {
            releases.add(releaseKurentoObject(e));
        }
        return CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).thenApply(done -> gone);
    }

    /** Releases the pipeline (KMS cascades to its endpoints). Idempotent. */
    CompletableFuture<Void> releaseAll() {
        CompletableFuture<MediaPipeline> p;
        synchronized (this) {
            if (released) {
                return CompletableFuture.completedFuture(null);
            }
            released = true;
            p = pipeline;
        }
        endpoints.forEach(MediaEndpoint::markReleased);
        endpoints.clear();
        if (p == null || !alive()) {
            return CompletableFuture.completedFuture(null);
        }
        return p.handle((value, failed) -> value)
                .thenCompose(value -> value == null ? CompletableFuture.completedFuture((Void) null)
                        : Async.<Void>call(value::release).exceptionally(failed -> {
                            log.debug("Releasing pipeline of {} failed: {}", sessionId, Async.unwrap(failed).getMessage());
                            return null;
                        }));
    }

    // -- internals --

    /** A client-offer subscription's SDP step: connected from its publisher's endpoint while answering the offer. */
    private static Negotiation answeringOffer(WebRtcEndpoint source, MediaEndpoint subscription, String sdpOffer) {
        return w -> {
            CompletableFuture<Void> connected = connectFrom(source, subscription, w);
            CompletableFuture<String> answer = Async.call(c -> w.processOffer(sdpOffer, c));
            return connected.thenCombine(answer, (done, sdp) -> sdp);
        };
    }

    /** A reconnection's last round once its endpoint has negotiated: it takes over from the endpoint it replaces. */
    private CompletableFuture<String> thenTakeOver(MediaEndpoint fresh, CompletableFuture<String> negotiated) {
        return negotiated.thenCompose(answer -> takeOver(fresh, true).thenApply(done -> answer))
                .exceptionally(failed -> {
                    throw mapFailure(failed, "reconnection");
                });
    }

    /** The publisher's endpoint, without blocking: a subscription may be asked for while its publish is under way. */
    private static CompletableFuture<WebRtcEndpoint> fromSource(MediaEndpoint endpoint) {
        return endpoint.source().created.exceptionally(failed -> {
            throw new PipelineException(PipelineException.Kind.RELEASED, endpoint.source() + " is not publishing", failed);
        });
    }

    /**
     * A negotiated endpoint takes over from the one it replaces (if any), in one parallel round: a publisher's
     * subscriptions are connected from it, the replaced endpoint is released, and (when {@code gather}) candidates are
     * gathered.
     */
    private CompletableFuture<Void> takeOver(MediaEndpoint fresh, boolean gather) {
        WebRtcEndpoint w = fresh.created.getNow(null);
        MediaEndpoint old = fresh.takeReplaced();
        if (fresh.released() || w == null) {
            if (old != null) {
                release(old);
            }
            throw new PipelineException(PipelineException.Kind.RELEASED, fresh + " was released meanwhile");
        }
        List<CompletableFuture<?>> round = new ArrayList<>();
        if (old != null) {
            if (fresh.kind() == MediaEndpoint.Kind.PUBLISHER) {
                for (MediaEndpoint e : endpoints) {
                    if (e.source() == old) {
                        e.retarget(fresh);
                        WebRtcEndpoint sink = e.created.getNow(null);
                        if (sink != null && !e.released()) {
                            // Not created yet: its own negotiation connects it from the new source (followSource).
                            round.add(connectFrom(w, e, sink).exceptionally(failed -> {
                                throw mapFailure(failed, "connect " + e.name());
                            }));
                        }
                    }
                }
            }
            round.add(release(old)); // no subscription follows it: they were moved above
        }
        if (gather) {
            fresh.negotiated(w);
            round.add(Async.<Void>call(w::gatherCandidates));
        }
        return CompletableFuture.allOf(round.toArray(CompletableFuture[]::new));
    }

    private interface Negotiation {
        CompletableFuture<String> on(WebRtcEndpoint endpoint);
    }

    /**
     * Round 1: the endpoint is created (with the pipeline in one transaction, for the session's first one); round 2,
     * in parallel: setters, event subscriptions, the subscription's connect and the SDP step; round 3 (when
     * {@code gather}): gatherCandidates.
     *
     * <p>The SDP step is not put in the transaction: when an operation of a transaction fails (bad SDP), kurento-client
     * 7.3.0 throws inside its own callback and never completes {@code commit(Continuation)}.
     */
    private CompletableFuture<String> negotiate(MediaEndpoint endpoint, EndpointSettings settings,
            Negotiation negotiation, boolean gather) {
        CompletableFuture<WebRtcEndpoint> created;
        synchronized (this) {
            if (released) {
                throw new PipelineException(PipelineException.Kind.RELEASED, "Session " + sessionId + " has no pipeline anymore");
            }
            if (pipeline == null) {
                CompletableFuture<MediaPipeline> pipelineCreated = new CompletableFuture<>();
                pipeline = pipelineCreated;
                Transaction tx = client.beginTransaction();
                MediaPipeline p = client.createMediaPipeline(tx);
                WebRtcEndpoint inTx = new WebRtcEndpoint.Builder(p).build(tx);
                created = Async.<Void>call(tx::commit).orTimeout(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .handle((done, failed) -> {
                            if (failed != null) {
                                synchronized (this) {
                                    if (pipeline == pipelineCreated) {
                                        pipeline = null; // the next publish tries again
                                    }
                                }
                                pipelineCreated.completeExceptionally(failed);
                                throw mapFailure(failed, "create pipeline");
                            }
                            pipelineCreated.complete(p);
                            // Objects created in a transaction are unknown to the client's object manager, which
                            // then drops their events: a proxy fetched by id is registered (no round trip).
                            return client.getById(inTx.getId(), WebRtcEndpoint.class);
                        });
            } else {
                created = pipeline.exceptionally(failed -> {
                    throw mapFailure(failed, "create pipeline");
                }).thenCompose(p -> Async.<WebRtcEndpoint>call(c -> new WebRtcEndpoint.Builder(p).buildAsync(c)));
            }
        }
        return created.thenCompose(w -> {
            endpoint.created.complete(w);
            if (endpoint.released()) {
                releaseKurentoObject(endpoint);
                throw new PipelineException(PipelineException.Kind.RELEASED, endpoint + " was released meanwhile");
            }
            CompletableFuture<String> sdp = negotiation.on(w).exceptionally(failed -> {
                throw mapFailure(failed, "negotiation");
            });
            return CompletableFuture.allOf(subscribeEvents(endpoint, settings), sdp)
                    .thenCompose(round2 -> followSource(endpoint, w))
                    .thenCompose(followed -> {
                String answer = sdp.join();
                if (!gather) {
                    return CompletableFuture.completedFuture(answer);
                }
                endpoint.negotiated(w);
                return Async.<Void>call(w::gatherCandidates).thenApply(done -> answer);
            });
        }).whenComplete((sdp, failed) -> {
            if (failed != null) {
                endpoint.created.completeExceptionally(failed);
                if (abandon(endpoint) == null) {
                    release(endpoint);
                }
            }
        }).exceptionally(failed -> {
            throw mapFailure(failed, "negotiation");
        });
    }

    /**
     * Beyond {@code vidgate.kurento.request-timeout} (which fails the commit's request itself): kurento-client 7.3.0
     * may throw inside its own callback and never complete the commit's continuation (see {@link #negotiate}).
     */
    private static final long COMMIT_TIMEOUT_SECONDS = 15;

    /**
     * Connects a subscription's endpoint from {@code source}, remembering it as what feeds the subscription. A failure
     * is no failure when the publisher reconnected meanwhile: its old endpoint is released, and the subscription is
     * connected from the new one by the takeover or by {@link #followSource}.
     */
    private static CompletableFuture<Void> connectFrom(WebRtcEndpoint source, MediaEndpoint subscription,
            WebRtcEndpoint sink) {
        subscription.feedFrom(source);
        return Async.<Void>call(c -> source.connect(sink, c)).exceptionally(failed -> {
            if (subscription.source().created.getNow(null) != source) {
                return null;
            }
            throw failed instanceof CompletionException completion ? completion : new CompletionException(failed);
        });
    }

    /**
     * A subscription whose publisher reconnected while the subscription was being created: the publisher's takeover
     * moved it to the new endpoint but could not connect it yet (no KMS object), and its own connect went to the old
     * one, now released. It is connected from the new one here. Either this or the takeover sees the other's write
     * (the source is volatile, and {@code created} completes before this runs), so the connection is never missed;
     * at worst it is made twice, which Kurento takes as once.
     */
    private static CompletableFuture<Void> followSource(MediaEndpoint endpoint, WebRtcEndpoint sink) {
        if (endpoint.kind() != MediaEndpoint.Kind.SUBSCRIBER) {
            return CompletableFuture.completedFuture(null);
        }
        WebRtcEndpoint current = endpoint.source().created.getNow(null);
        if (current == null || current == endpoint.fedBy()) {
            return CompletableFuture.completedFuture(null);
        }
        return connectFrom(current, endpoint, sink).exceptionally(failed -> {
            throw mapFailure(failed, "connect " + endpoint.name() + " from the reconnected publisher");
        });
    }

    /**
     * Round 2, all in parallel: name, STUN/TURN (before gathering, which is what uses them), video bandwidths and event
     * subscriptions.
     */
    private CompletableFuture<Void> subscribeEvents(MediaEndpoint endpoint, EndpointSettings settings) {
        WebRtcEndpoint w = endpoint.created.join();
        IceConfig ice = settings.ice();
        List<CompletableFuture<?>> round = new ArrayList<>();
        round.add(Async.<Void>call(c -> w.setName(endpoint.name(), c)));
        round.addAll(bandwidthSetters(endpoint, w, settings.bandwidth()));
        if (ice.hasStun()) {
            round.add(Async.<Void>call(c -> w.setStunServerAddress(ice.stunAddress(), c)));
            round.add(Async.<Void>call(c -> w.setStunServerPort(ice.stunPort(), c)));
        }
        if (ice.hasTurn()) {
            round.add(Async.<Void>call(c -> w.setTurnUrl(ice.turnUrl(), c)));
        }
        EndpointListener listener = endpoint.listener();
        String name = endpoint.name();
        CompletableFuture<?> iceFound = Async.<org.kurento.client.ListenerSubscription>call(c -> w.addIceCandidateFoundListener(
                event -> listener.iceCandidate(name, event.getCandidate().getCandidate(),
                        event.getCandidate().getSdpMid(), event.getCandidate().getSdpMLineIndex()), c));
        CompletableFuture<?> error = Async.<org.kurento.client.ListenerSubscription>call(c -> w.addErrorListener(
                event -> listener.mediaError(name, event.getDescription(), event.getErrorCode()), c));
        round.add(iceFound);
        round.add(error);
        return CompletableFuture.allOf(round.toArray(CompletableFuture[]::new));
    }

    /**
     * All four limits on every endpoint, publisher or subscription, as openvidu-server does. As there, a refused
     * setter is logged and the negotiation goes on: the endpoint then keeps KMS's own limit.
     */
    private static List<CompletableFuture<Void>> bandwidthSetters(MediaEndpoint endpoint, WebRtcEndpoint w,
            VideoBandwidth limits) {
        return List.of(
                logged(endpoint, "maxVideoRecvBandwidth",
                        Async.<Void>call(c -> w.setMaxVideoRecvBandwidth(limits.maxRecvKbps(), c))),
                logged(endpoint, "minVideoRecvBandwidth",
                        Async.<Void>call(c -> w.setMinVideoRecvBandwidth(limits.minRecvKbps(), c))),
                logged(endpoint, "maxVideoSendBandwidth",
                        Async.<Void>call(c -> w.setMaxVideoSendBandwidth(limits.maxSendKbps(), c))),
                logged(endpoint, "minVideoSendBandwidth",
                        Async.<Void>call(c -> w.setMinVideoSendBandwidth(limits.minSendKbps(), c))));
    }

    private static CompletableFuture<Void> logged(MediaEndpoint endpoint, String setter, CompletableFuture<Void> call) {
        return call.exceptionally(failed -> {
            log.warn("Setting {} of {} failed: {}", setter, endpoint, Async.unwrap(failed).getMessage());
            return null;
        });
    }

    private CompletableFuture<Void> releaseKurentoObject(MediaEndpoint endpoint) {
        WebRtcEndpoint w = endpoint.created.getNow(null);
        if (w == null) {
            // Not created yet: commitEndpoint releases it when the transaction comes back.
            return CompletableFuture.completedFuture(null);
        }
        if (!alive()) {
            return CompletableFuture.completedFuture(null);
        }
        return Async.<Void>call(w::release).exceptionally(failed -> {
            log.debug("Releasing {} failed: {}", endpoint, Async.unwrap(failed).getMessage());
            return null;
        });
    }

    private MediaEndpoint register(MediaEndpoint endpoint) {
        synchronized (this) {
            if (released) {
                throw new PipelineException(PipelineException.Kind.RELEASED, "Session " + sessionId + " has no pipeline anymore");
            }
        }
        endpoints.add(endpoint);
        return endpoint;
    }

    /**
     * Runs an operation; if it is refused before it starts, the endpoint is forgotten (no KMS object exists yet).
     * Whatever fails in it fails as a {@link PipelineException}: a step not mapped where it happens (the
     * gatherCandidates after a server-offer subscription's answer was one) would otherwise reach the signaling as an
     * unknown failure, answered as a JSON-RPC internal error instead of OpenVidu's media error.
     */
    private <T> CompletableFuture<T> guarded(MediaEndpoint endpoint,
            java.util.function.Supplier<CompletableFuture<T>> operation) {
        if (!alive()) {
            return CompletableFuture.failedFuture(new PipelineException(PipelineException.Kind.KMS_UNAVAILABLE,
                    "The KMS of session " + sessionId + " was lost"));
        }
        try {
            return operation.get().exceptionally(failed -> {
                throw mapFailure(failed, endpoint.name());
            });
        } catch (RuntimeException refused) {
            if (endpoint.created.getNow(null) == null && abandon(endpoint) == null) {
                release(endpoint);
            }
            return CompletableFuture.failedFuture(mapFailure(refused, "request"));
        }
    }

    private static void requireKind(MediaEndpoint endpoint, MediaEndpoint.Kind kind) {
        if (endpoint.kind() != kind) {
            throw new IllegalArgumentException(endpoint + " is not a " + kind);
        }
    }

    /** KMS's negotiation error codes (reference/kurento-protocol.md): the client's SDP, not KMS, is at fault. */
    private static final Set<Integer> SDP_ERRORS = Set.of(40201, 40202, 40203, 40204, 40205, 40206, 40207, 40208,
            40209, 40210);

    static PipelineException mapFailure(Throwable failure, String step) {
        Throwable t = Async.unwrap(failure);
        if (t instanceof PipelineException known) {
            return known;
        }
        // The async API reports KMS errors as KurentoServerException or as the JSON-RPC layer's JsonRpcErrorException.
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            Integer code = null;
            String message = null;
            if (c instanceof KurentoServerException kms) {
                code = kms.getCode();
                message = kms.getServerMessage();
            } else if (c instanceof org.kurento.jsonrpc.JsonRpcErrorException rpc) {
                code = rpc.getCode();
                message = rpc.getServerMessage();
            }
            if (code != null) {
                PipelineException.Kind kind = SDP_ERRORS.contains(code) ? PipelineException.Kind.BAD_SDP
                        : PipelineException.Kind.KMS_ERROR;
                return new PipelineException(kind, step + ": " + message + " (" + code + ")", t);
            }
        }
        return new PipelineException(PipelineException.Kind.KMS_ERROR, step + ": " + t, t);
    }

}
