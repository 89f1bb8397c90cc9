package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops native references that webrtc-java 0.14 hands to Java and never gives back.
 *
 * <p>{@code PeerConnectionFactory.createPeerConnection} and {@code RTCPeerConnection.addTransceiver}
 * return Java objects holding one reference to their native object, and nothing in the library
 * ever releases it: {@code RTCPeerConnection.close()} closes the connection and forgets the
 * pointer. Every closed peer connection would stay allocated (about 180 KB each, measured) with
 * its transceivers and tracks, and the factory could never be disposed. The reference is dropped
 * here the way the library drops its own ref-counted objects: through
 * {@code RefCountedObject.release()}, which calls {@code Release()} on the native
 * {@code RefCountInterface} behind the handle. Peer connections, transceivers and senders all
 * derive from it as their first base.
 *
 * <p>If the handle cannot be read (the library on the module path without the package opened),
 * nothing is released and the leak is logged once. Public for webrtc-java clients in tests and
 * benchmarks, which have the same problem.
 */
public final class NativeRefs {

  private static final Logger log = LoggerFactory.getLogger(NativeRefs.class);
  private static final Field HANDLE = handleField();

  private NativeRefs() {}

  private static Field handleField() {
    try {
      Field f = NativeObject.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("Cannot reach webrtc-java's native handles ({}): every closed peer connection"
          + " will stay allocated", e.toString());
      return null;
    }
  }

  /** The native pointer behind a webrtc-java object, 0 if unknown or already gone. */
  public static long handle(NativeObject object) {
    if (HANDLE == null || object == null) {
      return 0;
    }
    try {
      return HANDLE.getLong(object);
    } catch (IllegalAccessException e) {
      return 0;
    }
  }

  /** Drops one reference to the native object; it is freed if that was the last one. */
  public static void release(long handle) {
    if (HANDLE == null || handle == 0) {
      return;
    }
    Ref ref = new Ref();
    try {
      HANDLE.setLong(ref, handle);
    } catch (IllegalAccessException e) {
      return;
    }
    ref.release();
  }

  /** A Java face for any native ref-counted object, used only to call release() once. */
  private static final class Ref extends RefCountedObject {}
}
