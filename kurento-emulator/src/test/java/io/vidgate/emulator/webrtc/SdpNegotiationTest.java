package io.vidgate.emulator.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.support.Sdps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SdpNegotiationTest {

  private final List<String> reports = new CopyOnWriteArrayList<>();

  private SignalingOnlyPeer peer(boolean recvonly, boolean sendonly, boolean dataChannels) {
    return new SignalingOnlyPeer(new PeerConfig(recvonly, sendonly, dataChannels, "127.0.0.1"),
        new RecordingListener());
  }

  @Test
  void answerMirrorsTheOffer() throws Exception {
    Sdp offer = Sdp.parse(Sdps.chromeOffer());
    Sdp answer = Sdp.parse(peer(false, false, false).processOffer(Sdps.chromeOffer()));

    assertThat(answer.media()).hasSameSizeAs(offer.media());
    assertThat(answer.media()).extracting(MediaSection::kind).containsExactly("audio", "video");
    assertThat(answer.mid(0)).isEqualTo("0");
    assertThat(answer.mid(1)).isEqualTo("1");
    assertThat(answer.attribute("group")).isEqualTo("BUNDLE 0 1");
    MediaSection audio = answer.media().get(0);
    assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
    assertThat(audio.formats()).containsExactly("111", "0", "8"); // G722 dropped
    assertThat(audio.direction()).isEqualTo("sendrecv");
    assertThat(audio.attribute("setup")).isEqualTo("active");
    assertThat(audio.attribute("ice-ufrag")).hasSize(4);
    assertThat(audio.attribute("ice-pwd").length()).isGreaterThanOrEqualTo(22);
    assertThat(audio.attribute("fingerprint")).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(audio.has("rtcp-mux")).isTrue();
    assertThat(audio.attributes("rtpmap")).contains("111 opus/48000/2");
    assertThat(audio.attributes("rtcp-fb")).isEmpty(); // transport-cc: not KMS's
    assertThat(answer.media().get(1).attributes("rtcp-fb")).contains("96 nack pli");
    assertThat(answer.media().get(1).formats()).containsExactly("96", "98"); // no VP9
    assertThat(answer.media().get(1).attribute("fmtp"))
        .startsWith("98 level-asymmetry-allowed=1");
    // One ICE/DTLS identity for the session.
    assertThat(answer.media().get(1).attribute("ice-ufrag"))
        .isEqualTo(audio.attribute("ice-ufrag"));
  }

  @Test
  void directionsAreFlippedAndNarrowed() throws Exception {
    Sdp a = Sdp.parse(peer(false, false, false)
        .processOffer(Sdps.chromeOffer("sendonly", "recvonly")));
    assertThat(a.media()).extracting(MediaSection::direction)
        .containsExactly("recvonly", "sendonly");

    Sdp recvonly = Sdp.parse(peer(true, false, false).processOffer(Sdps.chromeOffer()));
    assertThat(recvonly.media()).extracting(MediaSection::direction)
        .containsExactly("recvonly", "recvonly");
    assertThat(recvonly.media().get(0).attribute("msid")).isNull();

    Sdp sendonly = Sdp.parse(peer(false, true, false).processOffer(Sdps.chromeOffer()));
    assertThat(sendonly.media()).extracting(MediaSection::direction)
        .containsExactly("sendonly", "sendonly");
    assertThat(sendonly.media().get(0).attribute("ssrc")).contains("cname:");

    Sdp inactive = Sdp.parse(peer(true, false, false)
        .processOffer(Sdps.chromeOffer("recvonly", "recvonly")));
    assertThat(inactive.media()).extracting(MediaSection::direction)
        .containsExactly("inactive", "inactive");
  }

  @Test
  void unsupportedSectionsAreRejectedInPlace() throws Exception {
    String offer = Sdps.chromeOffer().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
        + "a=mid:2\r\na=sctp-port:5000\r\n";
    Sdp answer = Sdp.parse(peer(false, false, false).processOffer(offer));
    assertThat(answer.media()).hasSize(3);
    assertThat(answer.media().get(2).port()).isZero();
    assertThat(answer.mid(2)).isEqualTo("2");
    assertThat(answer.attribute("group")).isEqualTo("BUNDLE 0 1");

    Sdp withData = Sdp.parse(peer(false, false, true).processOffer(offer));
    assertThat(withData.media().get(2).port()).isNotZero();
    assertThat(withData.media().get(2).attribute("sctp-port")).isEqualTo("5000");

    Sdp setupPassive = Sdp.parse(peer(false, false, false)
        .processOffer(Sdps.chromeOffer().replace("a=setup:actpass", "a=setup:active")));
    assertThat(setupPassive.media().get(0).attribute("setup")).isEqualTo("passive");
  }

  @Test
  void malformedDescriptionsAreRecognised() {
    for (String bad : List.of("", "hello", "v=1\r\nm=audio 9 RTP/AVP 0\r\n",
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n",
        "v=0\r\nm=audio 9\r\n")) {
      assertThatThrownBy(() -> peer(false, false, false).processOffer(bad))
          .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.malformed()).isTrue());
    }
  }

  @Test
  void offersFollowOptionsAndAnswersMustFit() throws Exception {
    SignalingOnlyPeer p = peer(false, false, true);
    Sdp offer = Sdp.parse(p.createOffer(true, false));
    assertThat(offer.media()).extracting(MediaSection::kind)
        .containsExactly("audio", "video", "application");
    assertThat(offer.media().get(1).direction()).isEqualTo("sendonly");
    assertThat(offer.media().get(0).attribute("setup")).isEqualTo("actpass");
    assertThatThrownBy(() -> p.processAnswer(Sdps.chromeOffer()))
        .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.malformed()).isFalse());

    Sdp recvOnly = Sdp.parse(peer(true, false, false).createOffer(false, true));
    assertThat(recvOnly.media()).extracting(MediaSection::kind).containsExactly("video");
    assertThat(recvOnly.media().get(0).direction()).isEqualTo("recvonly");
  }

  @Test
  void candidatesAreWellFormed() {
    IceSettings ice = new IceSettings("192.0.2.1", 3478, "u:p@192.0.2.2:3478?transport=udp",
        "", "2001:db8::1", "", true);
    List<String> candidates = CandidateGatherer.gather(
        new PeerConfig(false, false, false, "10.0.0.5"), ice, 1);
    assertThat(candidates).hasSize(6).allSatisfy(c -> {
      assertThat(IceCandidate.wellFormed(c)).as(c).isTrue();
      assertThat(c).matches("candidate:\\d+ 1 (UDP|TCP) \\d+ \\S+ \\d+ typ \\w+.*");
    });
    assertThat(candidates.get(0)).contains(" 10.0.0.5 ").endsWith("typ host");
    assertThat(candidates).anyMatch(c -> c.contains("2001:db8::1"));
    assertThat(candidates).anyMatch(c -> c.startsWith("candidate:6 1 UDP")
        && c.contains(" 192.0.2.2 ") && c.contains("typ relay raddr 10.0.0.5"));
    assertThat(IceCandidate.wellFormed(Sdps.BROWSER_CANDIDATE)).isTrue();
    assertThat(IceCandidate.wellFormed("candidate:1 1 udp")).isFalse();
  }

  @Test
  void connectivityIsReportedOnceEverythingIsThere() throws Exception {
    SignalingOnlyPeer p = peer(false, false, false);
    p.processOffer(Sdps.chromeOffer("sendrecv", "sendonly"));
    p.gatherCandidates(IceSettings.defaults());
    Thread.sleep(150);
    assertThat(reports).contains("gathering-done").doesNotContain("connected:true");
    p.addRemoteCandidate(new IceCandidate(Sdps.BROWSER_CANDIDATE, "0", 0));
    long deadline = System.currentTimeMillis() + 5_000;
    while (!reports.contains("media:video") && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    List<String> seen = new ArrayList<>(reports);
    assertThat(seen).contains("ice:CONNECTED", "pair", "connected:true", "ice:READY",
        "media:audio", "media:video");
    p.close();
  }

  private final class RecordingListener implements WebRtcPeer.Listener {
    @Override
    public void onIceCandidate(IceCandidate candidate) {
      reports.add("candidate");
    }

    @Override
    public void onIceGatheringDone() {
      reports.add("gathering-done");
    }

    @Override
    public void onIceComponentStateChanged(int streamId, int componentId,
        IceComponentState state) {
      reports.add("ice:" + state);
    }

    @Override
    public void onNewCandidatePairSelected(IceCandidatePair pair) {
      reports.add("pair");
    }

    @Override
    public void onConnectionStateChanged(boolean connected) {
      reports.add("connected:" + connected);
    }

    @Override
    public void onMediaReceiving(String kind, boolean flowing) {
      reports.add("media:" + kind);
    }
  }
}
