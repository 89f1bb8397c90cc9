package io.vidgate.e2e.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway and the broker as a user runs them: their executable jars, each in its own JVM, on free loopback
 * ports, sharing one secret. Logs go to files under the given folder, so a failed test shows what the processes said.
 */
public final class StackProcesses implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final List<Process> processes = new ArrayList<>();
    private final Path logs;
    private final String secret;
    private final int publicPort;
    private final int internalPort;
    private final int brokerPort;

    private StackProcesses(Path logs, String secret) throws IOException {
        this.logs = logs;
        this.secret = secret;
        this.publicPort = freePort();
        this.internalPort = freePort();
        this.brokerPort = freePort();
    }

    /**
     * Starts the broker, then the gateway, and returns once both answer their health checks.
     *
     * @param extraGatewayProperties given to the gateway; the {@code vidgate.tokens.*} and {@code vidgate.turn.*}
     *                               ones to the broker too, which verifies tokens again and hands out TURN credentials
     */
    public static StackProcesses start(Path workDir, String secret, Map<String, String> extraGatewayProperties)
            throws Exception {
        StackProcesses stack = new StackProcesses(workDir, secret);
        try {
            List<String> brokerArgs = new ArrayList<>(List.of("--vidgate.broker.port=" + stack.brokerPort,
                    "--vidgate.data-dir=" + workDir.resolve("data")));
            extraGatewayProperties.forEach((key, value) -> {
                if (key.startsWith("vidgate.tokens.") || key.startsWith("vidgate.turn.")) {
                    brokerArgs.add("--" + key + "=" + value);
                }
            });
            stack.launch("media-broker", brokerArgs);
            List<String> gatewayArgs = new ArrayList<>(List.of(
                    "--vidgate.public.port=" + stack.publicPort,
                    "--vidgate.internal.port=" + stack.internalPort,
                    "--vidgate.broker.url=http://127.0.0.1:" + stack.brokerPort,
                    "--vidgate.data-dir=" + workDir.resolve("data")));
            extraGatewayProperties.forEach((key, value) -> gatewayArgs.add("--" + key + "=" + value));
            stack.launch("gateway", gatewayArgs);
            stack.awaitHealthy("media-broker", stack.brokerPort);
            stack.awaitHealthy("gateway", stack.internalPort);
            return stack;
        } catch (Exception | AssertionError failure) {
            stack.close();
            throw failure;
        }
    }

    public String secret() {
        return secret;
    }

    public int publicPort() {
        return publicPort;
    }

    public int internalPort() {
        return internalPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public String internalUrl() {
        return "http://127.0.0.1:" + internalPort;
    }

    public String publicUrl() {
        return "http://127.0.0.1:" + publicPort;
    }

    public String log(String app) throws IOException {
        return Files.readString(logs.resolve(app + ".log"));
    }

    private void launch(String app, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-jar", execJar(app).toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(app + ".log").toFile());
        builder.environment().put("VIDGATE_SECRET", secret);
        processes.add(builder.start());
    }

    private void awaitHealthy(String app, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new AssertionError("a Vidgate process exited during startup; " + app + " log:\n" + log(app));
                }
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(app + " did not become healthy in 60 s; log:\n" + log(app));
    }

    static Path execJar(String app) throws IOException {
        Path target = ROOT.resolve(app).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no executable jar in " + target + ": run mvn package first"));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
