package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSessionDescription;
import io.vidgate.emulator.webrtc.MediaSection;
import io.vidgate.emulator.webrtc.Sdp;
import io.vidgate.emulator.webrtc.SdpException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offer/answer steps of a {@link RealMediaPeer}: libwebrtc's asynchronous steps waited for,
 * their failures as {@link SdpException}s, and the SDP directions and codecs of its transceivers.
 */
final class NegotiationSteps {

  private static final Logger log = LoggerFactory.getLogger(NegotiationSteps.class);

  /** The longest libwebrtc may take for one negotiation step. */
  static final long STEP_TIMEOUT_SECONDS = 10;

  private NegotiationSteps() {}

  /** {@code createOffer} (or {@code createAnswer} when {@code offer} is false), waited for. */
  static RTCSessionDescription describe(RTCPeerConnection pc, boolean offer) throws SdpException {
    String step = offer ? "createOffer" : "createAnswer";
    try {
      return await(SessionDescriptions.create(pc, offer), step);
    } catch (RuntimeException e) {
      throw SdpException.incompatible(step + ": " + e.getMessage());
    }
  }

  /** {@code setLocalDescription} (or {@code setRemoteDescription}), waited for. */
  static void apply(RTCPeerConnection pc, RTCSessionDescription description, boolean local)
      throws SdpException {
    String step = local ? "setLocalDescription" : "setRemoteDescription";
    try {
      await(SessionDescriptions.apply(pc, description, local), step);
    } catch (RuntimeException e) {
      throw SdpException.incompatible(step + ": " + e.getMessage());
    }
  }

  private static <T> T await(CompletableFuture<T> future, String step) throws SdpException {
    try {
      return future.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw SdpException.incompatible(step + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw SdpException.incompatible(step + " took longer than " + STEP_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdpException.incompatible(step + " interrupted");
    }
  }

  /** Limits a transceiver to KMS's codecs (in the factory's order); libwebrtc may refuse. */
  static void preferCodecs(RTCRtpTransceiver transceiver, String kind,
      List<RTCRtpCodecCapability> codecs) {
    try {
      transceiver.setCodecPreferences(codecs);
    } catch (RuntimeException e) {
      log.debug("Codec preferences refused for {}: {}", kind, e.getMessage());
    }
  }

  /** The media section of an SDP with this mid, null if none. */
  static MediaSection section(Sdp sdp, String mid) {
    for (int i = 0; mid != null && i < sdp.media().size(); i++) {
      if (sdp.mid(i).equals(mid)) {
        return sdp.media().get(i);
      }
    }
    return null;
  }

  static boolean sends(String direction) {
    return direction.equals("sendrecv") || direction.equals("sendonly");
  }

  static boolean receives(String direction) {
    return direction.equals("sendrecv") || direction.equals("recvonly");
  }

  static RTCRtpTransceiverDirection direction(boolean send, boolean recv) {
    if (send) {
      return recv ? RTCRtpTransceiverDirection.SEND_RECV : RTCRtpTransceiverDirection.SEND_ONLY;
    }
    return recv ? RTCRtpTransceiverDirection.RECV_ONLY : RTCRtpTransceiverDirection.INACTIVE;
  }
}
