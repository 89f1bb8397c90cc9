package io.vidgate.emulator.support;

import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kurento.client.KurentoClient;

/**
 * An emulator on a free port and the real kurento-client connected to it, shared by the tests of
 * one class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatedKms kms = new EmulatedKms();
 * }</pre>
 *
 * Started before the class's first test, torn down (client first) after its last.
 */
public final class EmulatedKms implements BeforeAllCallback, AfterAllCallback {

  private final EmulatorOptions options;
  private KurentoEmulator server;
  private KurentoClient client;

  /** Signaling only, on a free port. */
  public EmulatedKms() {
    this(EmulatorOptions.ephemeral());
  }

  public EmulatedKms(EmulatorOptions options) {
    this.options = options;
  }

  /** Real WebRTC peers behind the WebRtcEndpoints, on a free port. */
  public static EmulatedKms withRealMedia() {
    return new EmulatedKms(EmulatorOptions.ephemeral().withMedia(EmulatorOptions.Media.REAL));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = KurentoEmulator.start(options);
    client = KurentoClient.create(server.uri());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (client != null) {
        client.destroy();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      client = null;
      server = null;
    }
  }

  public KurentoEmulator server() {
    return started(server);
  }

  public KurentoClient client() {
    return started(client);
  }

  private static <T> T started(T part) {
    if (part == null) {
      throw new IllegalStateException("not started: register EmulatedKms on a static field");
    }
    return part;
  }
}
