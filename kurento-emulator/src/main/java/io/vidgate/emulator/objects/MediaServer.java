package io.vidgate.emulator.objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vidgate.emulator.kmd.KmdModel;
import io.vidgate.emulator.kmd.ParamDef;
import io.vidgate.emulator.kmd.ParamValidator;
import io.vidgate.emulator.kmd.RemoteClassDef;
import io.vidgate.emulator.rpc.KmsError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The emulated media server process: its objects, sessions and subscriptions, and its identity
 * ({@code serverId}, which changes on restart).
 *
 * <p>All of it is guarded by one lock. Operations touch several objects at once (connect, a
 * cascading release) and state that every pipeline shares: sessions and their references,
 * subscriptions, the ServerManager's ObjectCreated/ObjectDestroyed, closeSession and the session
 * GC, which span pipelines. A request's events are raised in a second locked step after its
 * answer is sent, and must find the objects as the requests before them left them. A lock per
 * pipeline would still need a global one for all of that, and an order between the two for
 * whatever spans pipelines; it would buy parallelism, not less work, on machines whose cores are
 * busy with what the emulator serves. So the lock stays one, and the work under it is kept
 * proportional to what a request touches: subscriptions indexed by object and session, media
 * flow recomputed below a change only. Nothing blocks or sleeps while holding it.
 */
public final class MediaServer {

  private final ReentrantLock lock = new ReentrantLock();
  private final KmdModel kmd;
  private final ParamValidator validator;
  private final ServerSettings settings;
  private final SessionLink link;
  private final MediaSet set = new MediaSet();
  private final EventBus events;
  private final ReportedLoad load;
  private volatile String serverId = UUID.randomUUID().toString();
  private ServerManagerImpl manager;
  private long created;
  /** What the request being executed must wait for before it is answered (see holdAnswer). */
  private final List<CompletableFuture<?>> heldAnswer = new ArrayList<>();

  public MediaServer(KmdModel kmd, ServerSettings settings, SessionLink link) {
    this.kmd = kmd;
    this.validator = new ParamValidator(kmd);
    this.settings = settings;
    this.link = link;
    this.events = new EventBus(kmd, link);
    this.load = new ReportedLoad(() -> set.all().size() - 1);
    addServerManager();
  }

  private void addServerManager() {
    manager = new ServerManagerImpl(new MediaObjectImpl.Init(this, ServerManagerImpl.ID,
        kmd.remoteClass("ServerManager"), null, null, new JsonObject()));
    set.add(manager);
  }

  public <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  public void locked(Runnable body) {
    locked(() -> {
      body.run();
      return null;
    });
  }

  /** The creation sequence of a new object (under the lock). */
  long nextSequence() {
    return created++;
  }

  public KmdModel kmd() {
    return kmd;
  }

  public ParamValidator validator() {
    return validator;
  }

  ServerSettings settings() {
    return settings;
  }

  EventBus events() {
    return events;
  }

  public ReportedLoad load() {
    return load;
  }

  /** A UUID per emulated process; {@code connect} returns it. */
  public String serverId() {
    return serverId;
  }

  /**
   * The answer to the request being executed must wait for this, without the lock: a recorder's
   * stopAndWait, or its release, is answered once its file is complete, as KMS answers them.
   */
  void holdAnswer(CompletableFuture<?> done) {
    heldAnswer.add(done);
  }

  /**
   * Takes what the request just executed must wait for (under the lock, right after it ran); a
   * release by the session garbage collector leaves nothing for the next request to wait on,
   * since every request takes the list before it runs too.
   */
  public CompletableFuture<Void> takeHeldAnswer() {
    CompletableFuture<Void> all = CompletableFuture.allOf(
        heldAnswer.toArray(new CompletableFuture<?>[0]));
    heldAnswer.clear();
    return all;
  }

  // --- objects -------------------------------------------------------------------------------

  /** The object with this id, or the error KMS gives (40101, or 40109 for a newref). */
  public MediaObjectImpl require(String id) {
    MediaObjectImpl o = set.get(id);
    if (o == null) {
      throw ParamValidator.notFound(id);
    }
    return o;
  }

  /** The live object with this id, or null. */
  public MediaObjectImpl find(String id) {
    return set.get(id);
  }

  /** For the validator: the class of a live object, or null. */
  public String typeOf(String id) {
    MediaObjectImpl o = set.get(id);
    return o == null ? null : o.type();
  }

  /**
   * KMS's {@code create}: checks the type and constructor params against the kmd, builds the
   * object under its parent (the first constructor param that is an object: the pipeline, or the
   * hub of a HubPort) and references it from the session.
   */
  public MediaObjectImpl create(String typeName, JsonElement constructorParams, CallContext ctx) {
    RemoteClassDef def = kmd.remoteClass(typeName);
    if (def == null || !def.creatable()) {
      throw KmsError.MEDIA_OBJECT_NOT_AVAILABLE.exception("Factory '" + typeName + "' not found");
    }
    JsonObject params = validator.validate(def.constructorParams(), constructorParams,
        "constructorParams", this::typeOf);
    MediaObjectImpl parent = null;
    for (ParamDef p : def.constructorParams()) {
      if (p.type().isSingle() && kmd.remoteClass(p.type().base()) != null && params.has(p.name())) {
        parent = require(params.remove(p.name()).getAsString());
        break;
      }
    }
    MediaPipelineImpl pipeline = parent == null ? null : parent.pipeline();
    String own = UUID.randomUUID() + "_" + kmd.qualified(typeName);
    String id = pipeline == null ? own : pipeline.id() + "/" + own;
    MediaObjectImpl.Init init =
        new MediaObjectImpl.Init(this, id, def, parent, pipeline, params);
    MediaObjectImpl object = instantiate(init);
    set.add(object);
    if (parent != null) {
      parent.children().add(object);
    }
    set.ref(ctx.sessionId(), object, Instant.now());
    ctx.afterResponse(() -> events.fire(manager, "ObjectCreated",
        EventBus.fields("object", object.id())));
    return object;
  }

  private MediaObjectImpl instantiate(MediaObjectImpl.Init init) {
    String type = init.type().name();
    return switch (type) {
      case "MediaPipeline" -> new MediaPipelineImpl(init);
      case "WebRtcEndpoint" -> new WebRtcEndpointImpl(init);
      case "RecorderEndpoint" -> new RecorderEndpointImpl(init);
      case "Composite" -> new CompositeImpl(init);
      case "HubPort" -> new HubPortImpl(init);
      default -> kmd.isA(type, "MediaElement")
          ? new MediaElementImpl(init) : new MediaObjectImpl(init);
    };
  }

  /** KMS's {@code release}: for everybody, with the children; a no-op for the ServerManager. */
  public void release(MediaObjectImpl object) {
    if (object.isServerManager() || object.released()) {
      return;
    }
    // Marked first so that children released below see a dying parent and skip flow updates.
    object.markReleased();
    for (MediaObjectImpl child : List.copyOf(object.children())) {
      release(child);
    }
    object.onRelease();
    if (object.parent() != null) {
      object.parent().children().remove(object);
    }
    set.remove(object);
    events.forgetObject(object.id());
    events.fire(manager, "ObjectDestroyed", EventBus.fields("objectId", object.id()));
  }

  /** Every live object but the ServerManager, in creation order. */
  public List<MediaObjectImpl> liveObjects() {
    List<MediaObjectImpl> out = new ArrayList<>(set.all());
    out.removeIf(MediaObjectImpl::isServerManager);
    return out;
  }

  List<MediaPipelineImpl> pipelines() {
    List<MediaPipelineImpl> out = new ArrayList<>();
    set.all().forEach(o -> {
      if (o instanceof MediaPipelineImpl p) {
        out.add(p);
      }
    });
    return out;
  }

  // --- sessions ------------------------------------------------------------------------------

  public List<String> sessionIds() {
    return set.sessions().stream().map(s -> s.id).toList();
  }

  public boolean sessionKnown(String sessionId) {
    return set.session(sessionId) != null;
  }

  /** Registers the session if new (KMS accepts any id a client sends) and marks it alive. */
  public void touchSession(String sessionId) {
    set.touchSession(sessionId, Instant.now());
  }

  public void ref(String sessionId, MediaObjectImpl object) {
    set.ref(sessionId, object, Instant.now());
  }

  public void unref(String sessionId, MediaObjectImpl object) {
    set.unref(sessionId, object);
  }

  /**
   * KMS's {@code closeSession}: drops the session's references, releasing what nobody else
   * references; with {@code releaseAll} it releases everything the session referenced.
   */
  public void closeSession(String sessionId, boolean releaseAll) {
    List<MediaObjectImpl> held = set.removeSession(sessionId);
    events.forgetSession(sessionId);
    for (MediaObjectImpl o : held) {
      if (!o.released() && (releaseAll || !set.referenced(o))) {
        release(o);
      }
    }
  }

  /**
   * KMS's garbage collector: a session that no connection has held for the whole GC period is
   * closed, so the objects only it referenced go away.
   */
  public void collectGarbage(Instant now) {
    Duration period = settings.sessionGcPeriod();
    if (period.isZero()) {
      return;
    }
    for (Session s : List.copyOf(set.sessions())) {
      if (link.connected(s.id)) {
        s.lastSeen = now;
      } else if (!s.lastSeen.plus(period).isAfter(now)) {
        closeSession(s.id, false);
      }
    }
  }

  public String subscribe(String sessionId, MediaObjectImpl object, String eventType) {
    if (!kmd.supportsEvent(object.type(), eventType)) {
      throw KmsError.MEDIA_OBJECT_EVENT_NOT_SUPPORTED.exception(
          "Event '" + eventType + "' not supported");
    }
    set.ref(sessionId, object, Instant.now());
    return events.subscribe(sessionId, object.id(), eventType);
  }

  public void unsubscribe(String subscription) {
    events.unsubscribe(subscription);
  }

  /** Raises an event on an object from outside (test hooks); returns the sessions reached. */
  public int raise(String objectId, String eventType, JsonObject fields) {
    MediaObjectImpl o = require(objectId);
    if (!kmd.supportsEvent(o.type(), eventType)) {
      throw new IllegalArgumentException(o.type() + " has no event " + eventType);
    }
    return events.fire(o, eventType, fields);
  }

  public int subscriptionCount() {
    return events.subscriptionCount();
  }

  /**
   * A process restart: every object, session and subscription is forgotten without events (a
   * real KMS dies with them) and the server gets a new identity.
   */
  public void restart() {
    for (MediaObjectImpl o : liveObjects()) {
      o.markReleased();
      o.onServerLoss();
    }
    set.clear();
    events.clear();
    serverId = UUID.randomUUID().toString();
    addServerManager();
  }
}
