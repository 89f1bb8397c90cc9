package io.vidgate.emulator.objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.kmd.PropertyDef;
import io.vidgate.emulator.rpc.KmsError;
import io.vidgate.emulator.rpc.KmsException;
import io.vidgate.emulator.webrtc.IceCandidate;
import io.vidgate.emulator.webrtc.IceCandidatePair;
import io.vidgate.emulator.webrtc.IceComponentState;
import io.vidgate.emulator.webrtc.IceSettings;
import io.vidgate.emulator.webrtc.PeerConfig;
import io.vidgate.emulator.webrtc.SdpException;
import io.vidgate.emulator.webrtc.WebRtcPeer;
import java.util.EnumSet;
import java.util.Set;

/**
 * A WebRtcEndpoint: KMS's SdpEndpoint state machine (one negotiation per endpoint, no
 * renegotiation), candidate gathering on request, and the events that follow connectivity. The
 * descriptions and candidates themselves come from a {@link WebRtcPeer}.
 */
final class WebRtcEndpointImpl extends MediaElementImpl implements WebRtcPeer.Listener {

  private enum Negotiation { NONE, OFFER_GENERATED, OFFER_PROCESSED, ANSWER_PROCESSED }

  private final WebRtcPeer peer;
  private Negotiation negotiation = Negotiation.NONE;
  private String localSdp;
  private String remoteSdp;
  private boolean gatherRequested;
  private boolean gatherStarted;
  private String connectionState = "DISCONNECTED";
  private IceComponentState iceState;
  private IceCandidatePair selectedPair;
  private final Set<MediaType> receiving = EnumSet.noneOf(MediaType.class);

  WebRtcEndpointImpl(Init init) {
    super(init);
    PeerConfig config = new PeerConfig(flag("recvonly"), flag("sendonly"),
        flag("useDataChannels"), server.settings().hostAddress());
    this.peer = server.settings().peerFactory().create(config, this);
  }

  WebRtcPeer peer() {
    return peer;
  }

  private boolean flag(String constructorParam) {
    JsonElement v = properties.get(constructorParam);
    return v != null && v.getAsBoolean();
  }

  @Override
  Set<MediaType> produced(Set<MediaType> in) {
    return receiving;
  }

  @Override
  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    return switch (op.name()) {
      case "generateOffer" -> Reply.of(new JsonPrimitive(generateOffer(params, ctx)));
      case "processOffer" -> Reply.of(new JsonPrimitive(
          processOffer(params.get("offer").getAsString(), ctx)));
      case "processAnswer" -> Reply.of(new JsonPrimitive(
          processAnswer(params.get("answer").getAsString(), ctx)));
      case "getLocalSessionDescriptor" -> Reply.of(text(localSdp));
      case "getRemoteSessionDescriptor" -> Reply.of(text(remoteSdp));
      case "gatherCandidates" -> {
        gatherRequested = true;
        maybeGather(ctx);
        yield Reply.VOID;
      }
      case "addIceCandidate" -> {
        addIceCandidate(params.getAsJsonObject("candidate"));
        yield Reply.VOID;
      }
      default -> super.call(op, params, ctx);
    };
  }

  private String generateOffer(JsonObject params, CallContext ctx) {
    if (negotiation != Negotiation.NONE) {
      throw alreadyNegotiated();
    }
    JsonObject options = params.has("options") ? params.getAsJsonObject("options")
        : new JsonObject();
    try {
      peer.configure(iceSettings());
      localSdp = peer.createOffer(option(options, "offerToReceiveAudio"),
          option(options, "offerToReceiveVideo"));
    } catch (SdpException e) {
      throw KmsError.SDP_END_POINT_GENERATE_OFFER_ERROR.exception("Error generating offer");
    }
    negotiation = Negotiation.OFFER_GENERATED;
    maybeGather(ctx);
    return localSdp;
  }

  private static boolean option(JsonObject options, String name) {
    return !options.has(name) || options.get(name).getAsBoolean();
  }

  private String processOffer(String offer, CallContext ctx) {
    if (offer.isEmpty()) {
      throw KmsError.SDP_PARSE_ERROR.exception("Empty offer not valid");
    }
    if (negotiation != Negotiation.NONE) {
      throw alreadyNegotiated();
    }
    try {
      peer.configure(iceSettings());
      localSdp = peer.processOffer(offer);
    } catch (SdpException e) {
      throw e.malformed()
          ? KmsError.SDP_PARSE_ERROR.exception("Error parsing SDP")
          : KmsError.SDP_END_POINT_PROCESS_OFFER_ERROR.exception("Error processing offer");
    }
    remoteSdp = offer;
    negotiation = Negotiation.OFFER_PROCESSED;
    ctx.afterResponse(() -> fire("MediaSessionStarted", new JsonObject()));
    maybeGather(ctx);
    return localSdp;
  }

  private String processAnswer(String answer, CallContext ctx) {
    if (answer.isEmpty()) {
      throw KmsError.SDP_PARSE_ERROR.exception("Empty answer not valid");
    }
    switch (negotiation) {
      case NONE -> throw KmsError.SDP_END_POINT_NOT_OFFER_GENERATED.exception(
          "Offer not generated. It is not possible to process an answer.");
      case ANSWER_PROCESSED -> throw KmsError.SDP_END_POINT_ANSWER_ALREADY_PROCCESED.exception(
          "Sdp Answer already processed");
      case OFFER_PROCESSED -> throw alreadyNegotiated();
      default -> { }
    }
    try {
      peer.configure(iceSettings());
      peer.processAnswer(answer);
    } catch (SdpException e) {
      throw e.malformed()
          ? KmsError.SDP_PARSE_ERROR.exception("Error parsing SDP")
          : KmsError.SDP_END_POINT_PROCESS_ANSWER_ERROR.exception("Error processing answer");
    }
    remoteSdp = answer;
    negotiation = Negotiation.ANSWER_PROCESSED;
    ctx.afterResponse(() -> fire("MediaSessionStarted", new JsonObject()));
    return localSdp;
  }

  private static KmsException alreadyNegotiated() {
    return KmsError.SDP_END_POINT_ALREADY_NEGOTIATED.exception("Endpoint already negotiated");
  }

  /** Gathering starts once it was asked for and a local description exists. */
  private void maybeGather(CallContext ctx) {
    if (!gatherRequested || gatherStarted || localSdp == null) {
      return;
    }
    gatherStarted = true;
    IceSettings settings = iceSettings();
    ctx.afterResponse(() -> {
      if (!released()) {
        peer.gatherCandidates(settings);
      }
    });
  }

  private IceSettings iceSettings() {
    return new IceSettings(property("stunServerAddress").getAsString(),
        property("stunServerPort").getAsInt(), property("turnUrl").getAsString(),
        property("externalIPv4").getAsString(), property("externalIPv6").getAsString(),
        property("networkInterfaces").getAsString(), property("iceTcp").getAsBoolean());
  }

  private JsonElement property(String name) {
    return stored(server.kmd().findProperty(type(), name));
  }

  private void addIceCandidate(JsonObject c) {
    try {
      peer.addRemoteCandidate(new IceCandidate(c.get("candidate").getAsString(),
          c.get("sdpMid").getAsString(), c.get("sdpMLineIndex").getAsInt()));
    } catch (IllegalArgumentException e) {
      throw KmsError.ICE_ADD_CANDIDATE_ERROR.exception("Error adding candidate");
    }
  }

  @Override
  protected JsonElement get(PropertyDef property) {
    return switch (property.name()) {
      case "mediaState", "connectionState" -> new JsonPrimitive(connectionState);
      case "ICECandidatePairs" -> {
        JsonArray out = new JsonArray();
        if (selectedPair != null) {
          out.add(pairJson(selectedPair));
        }
        yield out;
      }
      case "IceConnectionState" -> {
        JsonArray out = new JsonArray();
        if (iceState != null) {
          JsonObject c = Complex.of("IceConnection");
          c.addProperty("componentId", 1);
          c.addProperty("state", iceState.name());
          c.addProperty("streamId", "1");
          out.add(c);
        }
        yield out;
      }
      case "DtlsConnectionState" -> {
        JsonArray out = new JsonArray();
        if (connectionState.equals("CONNECTED")) {
          JsonObject c = Complex.of("DtlsConnection");
          c.addProperty("componentId", "1");
          c.addProperty("connectionId", "1");
          c.addProperty("state", "CONNECTED");
          c.addProperty("streamId", "1");
          out.add(c);
        }
        yield out;
      }
      default -> super.get(property);
    };
  }

  private static JsonElement text(String s) {
    return s == null ? JsonNull.INSTANCE : new JsonPrimitive(s);
  }

  private static JsonObject pairJson(IceCandidatePair pair) {
    JsonObject o = Complex.of("IceCandidatePair");
    o.addProperty("componentId", pair.componentId());
    o.addProperty("localCandidate", pair.localCandidate());
    o.addProperty("remoteCandidate", pair.remoteCandidate());
    o.addProperty("streamId", pair.streamId());
    return o;
  }

  @Override
  protected void onRelease() {
    peer.close();
    super.onRelease();
  }

  // --- peer reports, on peer threads ---------------------------------------------------------

  private void onPeerThread(Runnable action) {
    server.locked(() -> {
      if (!released()) {
        action.run();
      }
    });
  }

  @Override
  public void onIceCandidate(IceCandidate candidate) {
    onPeerThread(() -> {
      JsonObject c = Complex.of("IceCandidate");
      c.addProperty("candidate", candidate.candidate());
      c.addProperty("sdpMLineIndex", candidate.sdpMLineIndex());
      c.addProperty("sdpMid", candidate.sdpMid());
      fire("IceCandidateFound", EventBus.fields("candidate", c));
    });
  }

  @Override
  public void onIceGatheringDone() {
    onPeerThread(() -> fire("IceGatheringDone", new JsonObject()));
  }

  @Override
  public void onIceComponentStateChanged(int streamId, int componentId,
      IceComponentState state) {
    onPeerThread(() -> {
      iceState = state;
      fire("IceComponentStateChanged", EventBus.fields("streamId", streamId,
          "componentId", componentId, "state", state.name()));
    });
  }

  @Override
  public void onNewCandidatePairSelected(IceCandidatePair pair) {
    onPeerThread(() -> {
      selectedPair = pair;
      fire("NewCandidatePairSelected", EventBus.fields("candidatePair", pairJson(pair)));
    });
  }

  @Override
  public void onConnectionStateChanged(boolean connected) {
    onPeerThread(() -> {
      String next = connected ? "CONNECTED" : "DISCONNECTED";
      if (next.equals(connectionState)) {
        return;
      }
      String previous = connectionState;
      connectionState = next;
      if (connected) {
        for (String dtls : new String[] {"CONNECTING", "CONNECTED"}) {
          fire("DtlsConnectionStateChange", EventBus.fields("streamId", "1", "componentId", "1",
              "connectionId", "1", "state", dtls));
        }
      }
      fire("ConnectionStateChanged", EventBus.fields("oldState", previous, "newState", next));
      fire("MediaStateChanged", EventBus.fields("oldState", previous, "newState", next));
    });
  }

  @Override
  public void onMediaReceiving(String kind, boolean flowing) {
    onPeerThread(() -> {
      MediaType t = MediaType.ofSdpKind(kind);
      if (t == null || t == MediaType.DATA) {
        return;
      }
      if (flowing) {
        receiving.add(t);
      } else {
        receiving.remove(t);
      }
      MediaFlow.productionChanged(this);
    });
  }
}
