package io.vidgate.e2e.deploy;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.turn.testing.RequiresCoturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RelayedCallChecks} on this machine: the kurento-emulator with real WebRTC peers stands for Kurento (host
 * candidates on this machine's addresses, as Kurento has on docker-compose.yml's media network), Debian's coturn
 * runs config/coturn as docker-compose.yml runs it, allowed to relay to this machine's addresses instead of Kurento's
 * fixed one.
 */
@RequiresCoturn
class RelayedCallTest extends RelayedCallChecks {

    @TempDir
    static Path work;
    private static LocalCoturn coturn;
    private static StackProcesses stack;

    @BeforeAll
    static void start() throws Exception {
        List<String> peers = new ArrayList<>();
        for (String address : localAddresses()) {
            peers.add("--allowed-peer-ip=" + address);
        }
        coturn = LocalCoturn.start(TURN_SECRETS, peers);
        stack = startStack(work, coturn, null);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (coturn != null) {
            coturn.close();
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
        try {
            return stack.log("kurento-emulator");
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }

    /** The IPv4 addresses of this machine's interfaces but loopback: where the emulator's host candidates are. */
    private static List<String> localAddresses() throws SocketException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(Inet4Address.class::isInstance)
                        .forEach(address -> addresses.add(address.getHostAddress()));
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalStateException("this machine has no IPv4 address but loopback for the emulator's candidates");
        }
        return addresses;
    }
}
