package io.vidgate.e2e.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.model.ContainerNetwork;
import io.vidgate.e2e.stack.StackProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * {@link RelayedCallChecks} with the real images, laid out as docker-compose.yml lays them out: Kurento
 * ({@code kurento/kurento-media-server:7.3.0}, config/kurento/WebRtcEndpoint.conf.ini) on a private bridge network
 * with no address the clients can use; coturn (the coturn/coturn image, config/coturn) on the host's network,
 * relaying from the bridge's gateway address to Kurento's address only; the broker drives that Kurento through its
 * control port (mapped for the test, as the broker here runs on the host) and builds the pipeline; the clients'
 * media goes through coturn. Needs a Docker engine on Linux; where there is none, as on our CI, JUnit reports the
 * test as disabled, with the reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class KurentoImageCallTest extends RelayedCallChecks {

    static final String IMAGE = "kurento/kurento-media-server:7.3.0";

    @TempDir
    static Path work;
    private static Network network;
    private static GenericContainer<?> kurento;
    private static CoturnContainer coturn;
    private static StackProcesses stack;

    @BeforeAll
    static void start() throws Exception {
        network = Network.newNetwork();
        kurento = new GenericContainer<>(IMAGE)
                .withNetwork(network)
                .withCopyFileToContainer(MountableFile.forHostPath(
                        StackProcesses.ROOT.resolve("config/kurento/WebRtcEndpoint.conf.ini"), 0644),
                        "/etc/kurento/modules/kurento/WebRtcEndpoint.conf.ini")
                .withExposedPorts(8888)
                // KMS opens its control port last, once its modules are loaded.
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(3)));
        kurento.start();
        ContainerNetwork onNetwork = kurento.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .findFirst().orElseThrow();
        coturn = CoturnContainer.start(TURN_SECRETS, onNetwork.getGateway(),
                List.of("--allowed-peer-ip=" + onNetwork.getIpAddress()));
        stack = startStack(work, coturn, "ws://" + kurento.getHost() + ":" + kurento.getMappedPort(8888) + "/kurento");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (coturn != null) {
            coturn.close();
        }
        if (kurento != null) {
            kurento.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Override
    StackProcesses stack() {
        return stack;
    }

    @Override
    DeployedCoturn coturn() {
        return coturn;
    }

    @Override
    String kurentoLog() {
        return kurento.getLogs();
    }
}
