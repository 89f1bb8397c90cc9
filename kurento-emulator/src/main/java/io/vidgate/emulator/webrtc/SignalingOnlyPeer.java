package io.vidgate.emulator.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * A peer with descriptions and candidates but no media. It pretends that ICE and DTLS succeed as
 * soon as the session is negotiated, gathering is done and the remote side gave a candidate, and
 * then reports the media the remote side said it would send as flowing. That is enough for a
 * client to see the same event sequence it would see with a browser on the other side.
 */
public final class SignalingOnlyPeer implements WebRtcPeer {

  /** Delay before gathering results are reported, so they follow the gatherCandidates answer. */
  static final Duration GATHERING_DELAY = Duration.ofMillis(5);
  /** Delay between "everything needed is there" and the connection events. */
  static final Duration CONNECT_DELAY = Duration.ofMillis(20);

  private final PeerConfig config;
  private final Listener listener;
  private final SdpNegotiator negotiator;
  private final Disposable.Composite timers = Disposables.composite();

  // Guarded by this. Listener calls happen outside the monitor: the listener takes the
  // emulator's lock, which callers of this peer's methods already hold.
  private Sdp offer;
  private Sdp local;
  private Sdp remote;
  private final List<IceCandidate> localCandidates = new ArrayList<>();
  private final List<String> remoteCandidates = new ArrayList<>();
  private boolean gatheringDone;
  private boolean connecting;

  public SignalingOnlyPeer(PeerConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
    this.negotiator = new SdpNegotiator(config);
  }

  @Override
  public synchronized String createOffer(boolean receiveAudio, boolean receiveVideo)
      throws SdpException {
    String text = negotiator.offer(receiveAudio, receiveVideo);
    offer = Sdp.parse(text);
    local = offer;
    return text;
  }

  @Override
  public synchronized String processOffer(String offerText) throws SdpException {
    Sdp parsed = Sdp.parse(offerText);
    String answer = negotiator.answer(parsed);
    remote = parsed;
    local = Sdp.parse(answer);
    takeSdpCandidates(parsed);
    maybeConnect();
    return answer;
  }

  @Override
  public synchronized void processAnswer(String answerText) throws SdpException {
    Sdp parsed = Sdp.parse(answerText);
    Sdp.checkAnswerFits(offer, parsed);
    remote = parsed;
    takeSdpCandidates(parsed);
    maybeConnect();
  }

  @Override
  public synchronized void gatherCandidates(IceSettings settings) {
    Sdp description = local;
    List<IceCandidate> found = new ArrayList<>();
    // With BUNDLE there is one ICE transport, announced on the first section; otherwise each
    // section has its own. rtcp-mux is always negotiated, so one component each.
    int sections = description.bundled() ? 1 : description.media().size();
    for (int i = 0; i < sections; i++) {
      if (description.media().get(i).rejected()) {
        continue;
      }
      for (String c : CandidateGatherer.gather(config, settings, 1)) {
        found.add(new IceCandidate(c, description.mid(i), i));
      }
    }
    localCandidates.addAll(found);
    later(GATHERING_DELAY, () -> {
      found.forEach(listener::onIceCandidate);
      listener.onIceGatheringDone();
      synchronized (this) {
        gatheringDone = true;
        maybeConnect();
      }
    });
  }

  @Override
  public synchronized void addRemoteCandidate(IceCandidate candidate) {
    if (candidate.candidate().isEmpty()) {
      return; // end-of-candidates
    }
    if (!IceCandidate.wellFormed(candidate.candidate())) {
      throw new IllegalArgumentException("Malformed candidate: " + candidate.candidate());
    }
    remoteCandidates.add(candidate.candidate());
    maybeConnect();
  }

  @Override
  public void close() {
    timers.dispose();
  }

  private void takeSdpCandidates(Sdp sdp) {
    sdp.media().forEach(m -> m.candidates().forEach(c -> remoteCandidates.add("candidate:" + c)));
  }

  /** Guarded by this. */
  private void maybeConnect() {
    if (connecting || !gatheringDone || remote == null || remoteCandidates.isEmpty()
        || localCandidates.isEmpty()) {
      return;
    }
    connecting = true;
    IceCandidatePair pair = new IceCandidatePair("1", 1, localCandidates.get(0).candidate(),
        remoteCandidates.get(0));
    Set<String> receiving = SdpNegotiator.receivedKinds(local, remote);
    later(CONNECT_DELAY, () -> {
      listener.onIceComponentStateChanged(1, 1, IceComponentState.CONNECTING);
      listener.onIceComponentStateChanged(1, 1, IceComponentState.CONNECTED);
      listener.onNewCandidatePairSelected(pair);
      listener.onConnectionStateChanged(true);
      listener.onIceComponentStateChanged(1, 1, IceComponentState.READY);
      receiving.forEach(kind -> listener.onMediaReceiving(kind, true));
    });
  }

  private void later(Duration delay, Runnable task) {
    timers.add(Mono.delay(delay).subscribe(tick -> {
      if (!timers.isDisposed()) {
        task.run();
      }
    }));
  }
}
