package io.vidgate.turn.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.turn.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tests of a credential service client share: a {@link ServiceStub} for the client to ask, a clock the
 * test moves by hand, short timeouts, and closing client and stub after each test.
 *
 * @param <C> the client under test
 */
abstract class ServiceClientFixture<C extends CredentialServiceClient> {

    static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    /**
     * Short enough that the slow-service tests finish in seconds, long enough that a healthy stub's answer never
     * times out on a busy 2-core CI machine (300 ms did, under a load average of 10).
     */
    static final HttpTimeouts QUICK = new HttpTimeouts(Duration.ofMillis(1500), Duration.ofMillis(1500));
    private static final Duration NO_HANG = Duration.ofSeconds(5);

    final MutableClock clock = new MutableClock(START);
    ServiceStub stub;
    C client;

    private final String path;
    private final BiFunction<URI, Clock, C> clientFor;

    /**
     * @param path      where the stub answers
     * @param clientFor the client under test for the stub's URL and the test's clock
     */
    ServiceClientFixture(String path, BiFunction<URI, Clock, C> clientFor) {
        this.path = path;
        this.clientFor = clientFor;
    }

    /** Starts the stub, answering as {@code behaviour} says, and a client that asks it. */
    final void serve(ServiceStub.Behaviour behaviour) throws IOException {
        stub = new ServiceStub(path, behaviour);
        client = clientFor.apply(stub.url(path), clock);
    }

    @AfterEach
    final void stop() {
        if (client != null) {
            client.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    /** Asserts that asking the client for alice's ICE servers throws the typed error; chain further checks. */
    final AbstractThrowableAssert<?, ? extends Throwable> assertTypedErrorForAlice() {
        return assertThatThrownBy(() -> client.iceServersFor("alice")).isInstanceOf(TurnServiceException.class);
    }

    /** Runs the check, then asserts it was over well before a call stuck on the service would be. */
    static void withoutHanging(Runnable check) {
        long started = System.nanoTime();
        check.run();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NO_HANG);
    }

    /** A URL on 127.0.0.1 where nothing listens: a port that was free a moment ago. */
    static URI closedPort(String path) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
        }
    }
}
