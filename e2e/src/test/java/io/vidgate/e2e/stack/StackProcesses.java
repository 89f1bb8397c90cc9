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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway and the broker as a user runs them — and, on request, the kurento-emulator standing in for Kurento
 * and the demo app: their executable jars, each in its own JVM, on free loopback ports, sharing one secret. Logs go
 * to files under the given folder, so a failed test shows what the processes said. The broker can be killed
 * (SIGKILL, as a crash or the OOM killer ends it) and started again with the same configuration and data directory.
 */
public final class StackProcesses implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** The running processes by app name, in start order; guarded by this. */
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** How each app was launched, to launch it again ({@link #restartBroker}). */
    private final Map<String, Launch> launches = new HashMap<>();
    private final Path logs;
    private final String secret;
    private final int publicPort;
    private final int internalPort;
    private final int brokerPort;
    /** 0 when the stack runs without the emulator. */
    private final int kurentoPort;
    /** 0 when the stack runs without the demo. */
    private final int demoPort;
    /** Whether the public listener speaks TLS ({@link Options#withPublicTls}). */
    private final boolean publicTls;

    private StackProcesses(Path logs, String secret, Options options) throws IOException {
        this.logs = logs;
        this.secret = secret;
        this.publicPort = freePort();
        this.internalPort = freePort();
        this.brokerPort = freePort();
        this.kurentoPort = options.kurento() == Kurento.NONE ? 0 : freePort();
        this.demoPort = options.demo() ? freePort() : 0;
        this.publicTls = options.publicTls() != null;
    }

    /** Whether the kurento-emulator runs, and with what behind its WebRtcEndpoints. */
    public enum Kurento {
        /** No Kurento at all: the broker's pipelines fail. */
        NONE,
        /** The emulator, signaling only ({@code --media=none}): ICE never connects, no frames flow. */
        SIGNALING,
        /** The emulator with real WebRTC peers ({@code --media=real}): browsers' video flows through it. */
        REAL_MEDIA
    }

    /** Given to the broker only; {@code vidgate.tokens.*} and {@code vidgate.turn.*} go to both apps. */
    private static final List<String> BROKER_PREFIXES = List.of("vidgate.kurento.", "vidgate.signaling.",
            "vidgate.sessions.", "vidgate.webhooks.", "vidgate.cdr.", "vidgate.recording.");

    /**
     * What to start besides the gateway and the broker, and how to configure them.
     *
     * @param properties given to the gateway; the {@code vidgate.tokens.*} and {@code vidgate.turn.*} ones to the
     *                   broker too, which verifies tokens again and hands out TURN credentials; the
     *                   {@code vidgate.kurento.*}, {@code vidgate.signaling.*}, {@code vidgate.sessions.*},
     *                   {@code vidgate.webhooks.*}, {@code vidgate.cdr.*} and {@code vidgate.recording.*} ones to the
     *                   broker only
     * @param kurento    whether to start the kurento-emulator (and point the broker's {@code vidgate.kurento.uris}
     *                   at it), and with which media
     * @param demo       also start the demo app, its backend getting tokens from the internal listener
     * @param publicTls  null, or the PEM files the public listener serves TLS with
     */
    public record Options(Map<String, String> properties, Kurento kurento, boolean demo, PublicTls publicTls) {

        public Options {
            properties = Map.copyOf(properties);
        }

        public static Options of(Map<String, String> properties) {
            return new Options(properties, Kurento.NONE, false, null);
        }

        /** The kurento-emulator, signaling only: fast, no native code; what tests of signaling want. */
        public Options withKurento() {
            return new Options(properties, Kurento.SIGNALING, demo, publicTls);
        }

        /** The kurento-emulator with real WebRTC peers; startup fails if it cannot have them. */
        public Options withRealMedia() {
            return new Options(properties, Kurento.REAL_MEDIA, demo, publicTls);
        }

        public Options withDemo() {
            return new Options(properties, kurento, true, publicTls);
        }

        /**
         * TLS on the public listener, configured as docs/deployment.md tells operators to: the gateway's environment
         * gets {@code SERVER_SSL_CERTIFICATE} and {@code SERVER_SSL_CERTIFICATE_PRIVATE_KEY} ({@code file:} PEM
         * files) and {@code VIDGATE_PUBLIC_URL=https://127.0.0.1:<public port>}, so tokens carry {@code wss://}.
         */
        public Options withPublicTls(Path certificate, Path privateKey) {
            return new Options(properties, kurento, demo, new PublicTls(certificate, privateKey));
        }
    }

    /** The certificate chain and its private key, PEM files. */
    public record PublicTls(Path certificate, Path privateKey) {
    }

    /** The gateway and the broker, without Kurento: {@code start(workDir, secret, Options.of(properties))}. */
    public static StackProcesses start(Path workDir, String secret, Map<String, String> properties) throws Exception {
        return start(workDir, secret, Options.of(properties));
    }

    /**
     * Starts the emulator (if asked for), the broker, then the gateway, and returns once all answer their health
     * checks.
     */
    public static StackProcesses start(Path workDir, String secret, Options options) throws Exception {
        StackProcesses stack = new StackProcesses(workDir, secret, options);
        try {
            List<String> brokerArgs = new ArrayList<>(List.of("--vidgate.broker.port=" + stack.brokerPort,
                    "--vidgate.data-dir=" + workDir.resolve("data")));
            List<String> gatewayArgs = new ArrayList<>(List.of(
                    "--vidgate.public.port=" + stack.publicPort,
                    "--vidgate.internal.port=" + stack.internalPort,
                    "--vidgate.broker.url=http://127.0.0.1:" + stack.brokerPort,
                    "--vidgate.data-dir=" + workDir.resolve("data")));
            options.properties().forEach((key, value) -> {
                boolean brokerOnly = BROKER_PREFIXES.stream().anyMatch(key::startsWith);
                if (brokerOnly || key.startsWith("vidgate.tokens.") || key.startsWith("vidgate.turn.")) {
                    brokerArgs.add("--" + key + "=" + value);
                }
                if (!brokerOnly) {
                    gatewayArgs.add("--" + key + "=" + value);
                }
            });
            if (options.kurento() != Kurento.NONE) {
                boolean real = options.kurento() == Kurento.REAL_MEDIA;
                // The broker's KMS liveness check would count an emulator still starting as a lost KMS.
                stack.launch("kurento-emulator", List.of("--host=127.0.0.1", "--port=" + stack.kurentoPort,
                        "--media=" + (real ? "real" : "none")));
                String status = stack.awaitHealthy("kurento-emulator", stack.kurentoPort, "/emulator");
                if (real && !"REAL".equals(JsonMapper.builder().build().readTree(status).path("media").asString())) {
                    throw new AssertionError("the kurento-emulator runs without real media: " + status + "\nlog:\n"
                            + stack.log("kurento-emulator"));
                }
                brokerArgs.add("--vidgate.kurento.uris=ws://127.0.0.1:" + stack.kurentoPort + "/kurento");
            }
            stack.launch("media-broker", brokerArgs);
            Map<String, String> gatewayEnvironment = new HashMap<>();
            if (options.publicTls() != null) {
                gatewayEnvironment.put("SERVER_SSL_CERTIFICATE", "file:" + options.publicTls().certificate());
                gatewayEnvironment.put("SERVER_SSL_CERTIFICATE_PRIVATE_KEY", "file:" + options.publicTls().privateKey());
                gatewayEnvironment.put("VIDGATE_PUBLIC_URL", stack.publicUrl());
            }
            stack.launch("gateway", gatewayArgs, gatewayEnvironment);
            if (options.demo()) {
                // As bin/vidgate-dev runs it: the secret in its environment, tokens from the internal listener.
                stack.launch("demo", List.of("--port=" + stack.demoPort, "--openvidu-url=" + stack.internalUrl()),
                        Map.of("OPENVIDU_SECRET", secret));
            }
            stack.awaitHealthy("media-broker", stack.brokerPort, "/actuator/health");
            stack.awaitHealthy("gateway", stack.internalPort, "/actuator/health");
            if (options.demo()) {
                stack.awaitHealthy("demo", stack.demoPort, "/");
            }
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

    /** {@code https://} when the public listener speaks TLS. */
    public String publicUrl() {
        return (publicTls ? "https" : "http") + "://127.0.0.1:" + publicPort;
    }

    /** The kurento-emulator's HTTP hooks, e.g. {@code /emulator/objects}; only with {@link Options#withKurento}. */
    public String kurentoUrl() {
        if (kurentoPort == 0) {
            throw new IllegalStateException("this stack runs without the kurento-emulator");
        }
        return "http://127.0.0.1:" + kurentoPort;
    }

    /** The demo page, {@code http://localhost:<port>/}; only with {@link Options#withDemo}. */
    public String demoUrl() {
        if (demoPort == 0) {
            throw new IllegalStateException("this stack runs without the demo");
        }
        return "http://localhost:" + demoPort + "/";
    }

    /**
     * Everything {@code app} ("gateway", "media-broker", "kurento-emulator", "demo") printed so far; for a restarted
     * broker, what each of its lives printed, one after the other.
     */
    public String log(String app) throws IOException {
        return Files.readString(logs.resolve(app + ".log"));
    }

    /**
     * Kills the broker with SIGKILL ({@link Process#destroyForcibly} on Linux), as a crash or the kernel's OOM killer
     * would: no shutdown hook, nothing flushed that was not already on disk. Returns once the process is gone.
     */
    public void killBroker() throws InterruptedException {
        Process broker;
        synchronized (this) {
            broker = processes.remove("media-broker");
        }
        if (broker == null) {
            throw new IllegalStateException("the broker is not running");
        }
        broker.destroyForcibly();
        if (!broker.waitFor(15, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker survived SIGKILL for 15 s");
        }
    }

    /**
     * Starts the broker again after {@link #killBroker}: the same port, properties and data directory (so the same
     * journals); its log goes on in the same file. Returns once it answers its health check.
     */
    public void restartBroker() throws Exception {
        synchronized (this) {
            if (processes.containsKey("media-broker")) {
                throw new IllegalStateException("the broker is still running: kill it first");
            }
        }
        relaunch("media-broker");
        awaitHealthy("media-broker", brokerPort, "/actuator/health");
    }

    private void launch(String app, List<String> args) throws IOException {
        launch(app, args, Map.of());
    }

    private void launch(String app, List<String> args, Map<String, String> environment) throws IOException {
        launches.put(app, new Launch(List.copyOf(args), Map.copyOf(environment)));
        start(app, ProcessBuilder.Redirect.to(logs.resolve(app + ".log").toFile()));
    }

    /** The app again, as it was first launched; its output appended to its log. */
    private void relaunch(String app) throws IOException {
        start(app, ProcessBuilder.Redirect.appendTo(logs.resolve(app + ".log").toFile()));
    }

    private void start(String app, ProcessBuilder.Redirect output) throws IOException {
        Launch launch = launches.get(app);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-jar", execJar(app).toString()));
        command.addAll(launch.args());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output);
        builder.environment().put("VIDGATE_SECRET", secret);
        builder.environment().putAll(launch.environment());
        Process process = builder.start();
        synchronized (this) {
            processes.put(app, process);
        }
    }

    /** An app's command-line arguments and environment, besides the shared secret. */
    private record Launch(List<String> args, Map<String, String> environment) {
    }

    private synchronized List<Process> running() {
        return List.copyOf(processes.values());
    }

    /** Polls until {@code path} answers 200; its body. */
    private String awaitHealthy(String app, int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (Process process : running()) {
                if (!process.isAlive()) {
                    throw new AssertionError("a Vidgate process exited during startup; " + app + " log:\n" + log(app));
                }
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return health.body();
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

    /** A TCP port of loopback that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<Process> running = running();
        for (Process process : running) {
            process.destroy();
        }
        for (Process process : running) {
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
