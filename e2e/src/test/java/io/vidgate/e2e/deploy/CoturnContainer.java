package io.vidgate.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The coturn/coturn image of docker-compose.yml, started as docker-compose.yml starts it — entrypoint
 * {@code bash /etc/coturn/vidgate/start-coturn.sh}, config/coturn's two files at that place, VIDGATE_TURN_SECRETS —
 * on the host's network (Linux), so that UDP reaches it without port mappings, which Testcontainers lacks. It
 * listens on a free port of 127.0.0.1 and relays from {@code relayIp}. Needs a Docker engine: test classes using it
 * carry {@code @Testcontainers(disabledWithoutDocker = true)}.
 */
final class CoturnContainer implements DeployedCoturn {

    static final String IMAGE = "coturn/coturn:4.6";

    private final GenericContainer<?> container;
    private final InetSocketAddress address;

    private CoturnContainer(GenericContainer<?> container, InetSocketAddress address) {
        this.container = container;
        this.address = address;
    }

    /** Starts the image with {@code secrets}, relaying from {@code relayIp}, with {@code extraArguments} for turnserver. */
    static CoturnContainer start(String secrets, String relayIp, List<String> extraArguments) {
        int port;
        try {
            port = DeployedCoturn.freeTcpAndUdpPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new ArrayList<>(List.of("--listening-port=" + port, "--listening-ip=127.0.0.1",
                "--relay-ip=" + relayIp));
        arguments.addAll(extraArguments);
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withNetworkMode("host")
                .withCopyFileToContainer(MountableFile.forHostPath(START_SCRIPT, 0755), "/etc/coturn/vidgate/start-coturn.sh")
                .withCopyFileToContainer(MountableFile.forHostPath(TURNSERVER_CONF, 0644), "/etc/coturn/vidgate/turnserver.conf")
                .withCreateContainerCmdModifier(create -> create.withEntrypoint("bash", "/etc/coturn/vidgate/start-coturn.sh"))
                .withCommand(arguments.toArray(String[]::new))
                .withEnv("VIDGATE_TURN_SECRETS", secrets)
                .withStartupTimeout(Duration.ofMinutes(2));
        container.start();
        CoturnContainer coturn = new CoturnContainer(container, new InetSocketAddress("127.0.0.1", port));
        try {
            coturn.awaitListening(Duration.ofSeconds(30), container::isRunning);
        } catch (RuntimeException failed) {
            coturn.close();
            throw failed;
        }
        return coturn;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String log() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }
}
