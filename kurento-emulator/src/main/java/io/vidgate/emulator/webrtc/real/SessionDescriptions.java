package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;

/**
 * webrtc-java's callback-style offer/answer steps as futures; a failure completes them with an
 * {@link IllegalStateException} carrying libwebrtc's message. Public for the webrtc-java clients of
 * tests and benchmarks.
 */
public final class SessionDescriptions {

  private SessionDescriptions() {}

  /** {@code createOffer} (or {@code createAnswer} when {@code offer} is false). */
  public static CompletableFuture<RTCSessionDescription> create(RTCPeerConnection pc,
      boolean offer) {
    CompletableFuture<RTCSessionDescription> made = new CompletableFuture<>();
    CreateSessionDescriptionObserver observer = new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription description) {
        made.complete(description);
      }

      @Override
      public void onFailure(String error) {
        made.completeExceptionally(new IllegalStateException(error));
      }
    };
    if (offer) {
      pc.createOffer(new RTCOfferOptions(), observer);
    } else {
      pc.createAnswer(new RTCAnswerOptions(), observer);
    }
    return made;
  }

  /** {@code setLocalDescription} (or {@code setRemoteDescription} when {@code local} is false). */
  public static CompletableFuture<Void> apply(RTCPeerConnection pc,
      RTCSessionDescription description, boolean local) {
    CompletableFuture<Void> applied = new CompletableFuture<>();
    SetSessionDescriptionObserver observer = new SetSessionDescriptionObserver() {
      @Override
      public void onSuccess() {
        applied.complete(null);
      }

      @Override
      public void onFailure(String error) {
        applied.completeExceptionally(new IllegalStateException(error));
      }
    };
    if (local) {
      pc.setLocalDescription(description, observer);
    } else {
      pc.setRemoteDescription(description, observer);
    }
    return applied;
  }
}
