package io.vidgate.emulator;

import com.google.gson.JsonObject;
import io.vidgate.emulator.hooks.CallRecorder;
import io.vidgate.emulator.hooks.CallReport;
import io.vidgate.emulator.hooks.Faults;
import io.vidgate.emulator.hooks.HttpHooks;
import io.vidgate.emulator.hooks.Latency;
import io.vidgate.emulator.hooks.ObjectsReport;
import io.vidgate.emulator.kmd.KmdModel;
import io.vidgate.emulator.media.Ffmpeg;
import io.vidgate.emulator.objects.MediaServer;
import io.vidgate.emulator.objects.ReportedLoad;
import io.vidgate.emulator.objects.ServerSettings;
import io.vidgate.emulator.rpc.SessionBindings;
import io.vidgate.emulator.rpc.WebSocketTransport;
import io.vidgate.emulator.webrtc.WebRtcPeerFactory;
import io.vidgate.emulator.webrtc.real.RealMediaPeerFactory;
import java.time.Duration;
import java.time.Instant;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A Kurento Media Server stand-in that speaks KMS 7's JSON-RPC protocol on
 * {@code ws://<host>:<port>/kurento}, with test hooks on {@code http://<host>:<port>/emulator}.
 *
 * <pre>{@code
 * try (KurentoEmulator kms = KurentoEmulator.start(EmulatorOptions.ephemeral())) {
 *   KurentoClient client = KurentoClient.create(kms.uri());
 *   …
 *   assertThat(kms.objects().total()).isZero();
 * }
 * }</pre>
 *
 * <p>No Spring context and no static state: any number of emulators may run in one JVM.
 */
public final class KurentoEmulator implements AutoCloseable {

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final EmulatorOptions options;
  private final KmdModel kmd;
  private final SessionBindings bindings = new SessionBindings();
  private final MediaServer server;
  private final Faults faults;
  private final Latency latency = new Latency();
  private final CallRecorder recorder;
  private final HttpServer httpServer;
  private final int port;
  private final Object listening = new Object();
  private DisposableServer http;
  private final Disposable garbageCollector;
  /** The real peers' shared libwebrtc, when {@link EmulatorOptions.Media#REAL}; else null. */
  private final RealMediaPeerFactory realMedia;

  private KurentoEmulator(EmulatorOptions options) {
    this.options = options;
    this.kmd = KmdModel.stock();
    this.realMedia = options.peerFactory() == null && options.media() == EmulatorOptions.Media.REAL
        ? new RealMediaPeerFactory(options.candidateAddress()) : null;
    WebRtcPeerFactory peers = options.peerFactory() != null ? options.peerFactory()
        : realMedia != null ? realMedia : WebRtcPeerFactory.signalingOnly();
    this.server = new MediaServer(kmd, new ServerSettings(options.effectiveCandidateAddress(),
        peers, options.sessionGcPeriod(), Ffmpeg.locate(options.ffmpeg())), bindings);
    this.faults = new Faults(new FaultTarget());
    this.recorder = new CallRecorder(options.chainIdleGap());
    latency.range(options.latencyMin(), options.latencyMax());
    WebSocketTransport transport = new WebSocketTransport(server, bindings, faults, latency,
        recorder, options.maxFramePayload());
    HttpHooks hooks = new HttpHooks(this);
    HttpServer configured = HttpServer.create().host(options.host())
        .route(routes -> {
          routes.get("/kurento", transport::upgrade);
          hooks.register(routes);
        });
    try {
      this.http = configured.port(options.port()).bindNow(BIND_TIMEOUT);
    } catch (RuntimeException e) {
      if (realMedia != null) {
        realMedia.close();
      }
      throw e;
    }
    this.port = http.port();
    // Re-binding after refused connections must reuse the port the clients know.
    this.httpServer = configured.port(port);
    this.garbageCollector = startGarbageCollector(options.sessionGcPeriod());
  }

  /** Starts on KMS's default address, 127.0.0.1:8888. */
  public static KurentoEmulator start() {
    return start(EmulatorOptions.defaults());
  }

  public static KurentoEmulator start(EmulatorOptions options) {
    return new KurentoEmulator(options);
  }

  private Disposable startGarbageCollector(Duration period) {
    if (period.isZero()) {
      return () -> { };
    }
    Duration tick = period.dividedBy(4).compareTo(Duration.ofMillis(10)) < 0
        ? Duration.ofMillis(10) : period.dividedBy(4);
    return Flux.interval(tick, tick)
        .subscribe(t -> server.locked(() -> server.collectGarbage(Instant.now())));
  }

  public String host() {
    return options.host();
  }

  /** The bound port (the chosen one when started on port 0). */
  public int port() {
    return port;
  }

  /** {@code ws://<host>:<port>/kurento}, for {@code KurentoClient.create(uri)}. */
  public String uri() {
    return "ws://" + hostForUri() + ":" + port() + "/kurento";
  }

  /** {@code http://<host>:<port>}, the base of the HTTP hooks. */
  public String httpUri() {
    return "http://" + hostForUri() + ":" + port();
  }

  /** The bind address, or loopback for a wildcard bind; bracketed when IPv6. */
  private String hostForUri() {
    String h = options.host();
    if (h.equals("0.0.0.0") || h.equals("::")) {
      h = "127.0.0.1";
    }
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /**
   * What stands behind the WebRtcEndpoints: {@code REAL}, {@code NONE}, or {@code CUSTOM} for
   * peers from {@link EmulatorOptions#withPeerFactory}.
   */
  public String media() {
    return options.peerFactory() != null ? "CUSTOM" : options.media().name();
  }

  /**
   * Native peer connections alive now: one per WebRtcEndpoint that negotiated and is not
   * released yet; always 0 without real media. Released endpoints must not stay counted.
   */
  public int livePeerConnections() {
    return realMedia == null ? 0 : realMedia.livePeerConnections();
  }

  /** The KMS version it claims to be (that of the kmd files it serves). */
  public String kmsVersion() {
    return kmd.modules().get(0).version();
  }

  /** The current server instance id; changes on {@link #restart()}. */
  public String serverId() {
    return server.serverId();
  }

  public Faults faults() {
    return faults;
  }

  public Latency latency() {
    return latency;
  }

  /** Request counts and round-trip chains since the last reset. */
  public CallReport calls() {
    return recorder.report();
  }

  public void resetCalls() {
    recorder.reset();
  }

  /** Changes the idle time that ends a round-trip chain. */
  public void chainIdleGap(Duration gap) {
    recorder.idleGap(gap);
  }

  /** The live objects, sessions and connections. */
  public ObjectsReport objects() {
    return server.locked(() -> ObjectsReport.of(server, bindings.connectionCount()));
  }

  /** Same as {@code faults().restart()}. */
  public void restart() {
    faults.restart();
  }

  /**
   * Raises an event on an object, to the sessions subscribed to it. {@code fields} are the
   * event's own properties (e.g. for Error: description, errorCode, type); source, tags,
   * timestampMillis and a Media event's type are filled in. Returns how many sessions got it.
   */
  public int raiseEvent(String objectId, String eventType, JsonObject fields) {
    return server.locked(() -> server.raise(objectId, eventType, fields));
  }

  /** Raises KMS's Error event, e.g. {@code ("…RecorderEndpoint", "RESOURCE_ERROR_OPEN", 6, …)}. */
  public int raiseError(String objectId, String errorType, int errorCode, String description) {
    JsonObject fields = new JsonObject();
    fields.addProperty("description", description);
    fields.addProperty("errorCode", errorCode);
    fields.addProperty("type", errorType);
    return raiseEvent(objectId, "Error", fields);
  }

  /** What ServerManager.getUsedCpu/getUsedMemory report; pin values for placement tests. */
  public ReportedLoad load() {
    return server.load();
  }

  /** What {@link Faults} acts on. */
  private final class FaultTarget implements Faults.Target {

    @Override
    public int dropConnections() {
      return bindings.dropAll();
    }

    /**
     * Everything at once under the server lock, so that no request slips in between: the
     * clients' sockets go, then objects, sessions and bindings are forgotten.
     */
    @Override
    public void restart() {
      server.locked(() -> {
        bindings.dropAll();
        server.restart();
        bindings.forgetSessions();
      });
    }

    @Override
    public void listen(boolean listen) {
      synchronized (listening) {
        if (listen && http == null) {
          http = httpServer.bindNow(BIND_TIMEOUT);
        } else if (!listen && http != null) {
          http.disposeNow(BIND_TIMEOUT);
          http = null;
        }
      }
    }
  }

  @Override
  public void close() {
    garbageCollector.dispose();
    server.locked(() -> {
      bindings.dropAll();
      server.restart();
    });
    synchronized (listening) {
      if (http != null) {
        http.disposeNow(BIND_TIMEOUT);
        http = null;
      }
    }
    if (realMedia != null) {
      realMedia.close();
    }
  }

  @Override
  public String toString() {
    return "KurentoEmulator[" + uri() + "]";
  }
}
