package io.vidgate.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.vidgate.e2e.stack.StackProcesses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} as Debian's {@code docker-compose} resolves it with a {@code .env} made from
 * {@code .env.example}: it must be valid, and it must keep the promises of docs/deployment.md — only the gateway's
 * public listener, its internal listener on the host's loopback and coturn are published; every service has a health
 * check on an endpoint the app really serves and a restart policy; one secret reaches coturn, the gateway and the
 * broker from one variable; the broker holds only the public half of the gateway's keys; Kurento writes recordings
 * where the broker reads them; coturn relays to Kurento's address and the addresses agree across files. No Docker
 * engine is needed.
 */
@RequiresDockerCompose
class ComposeFileTest {

    private static final Path ROOT = StackProcesses.ROOT;
    private static final String ADMIN_SECRET = "compose-test-admin-secret";
    private static final String TURN_SECRETS = "compose-test-turn-new,compose-test-turn-old";
    private static final Set<String> LONG_RUNNING = Set.of("gateway", "media-broker", "kurento", "coturn");

    @TempDir
    static Path work;

    private static Map<String, Object> resolved;
    private static Map<String, Map<String, Object>> services;

    /** A published port: host address ("" for every one), host port, container port, protocol. */
    record Published(String service, String hostIp, int published, int target, String protocol) {
    }

    @BeforeAll
    static void resolveTheComposeFile() throws Exception {
        Path env = work.resolve("compose.env");
        Files.writeString(env, Files.readString(ROOT.resolve(".env.example"))
                .replaceFirst("(?m)^VIDGATE_SECRET=$", "VIDGATE_SECRET=" + ADMIN_SECRET)
                .replaceFirst("(?m)^VIDGATE_TURN_SECRETS=$", "VIDGATE_TURN_SECRETS=" + TURN_SECRETS));
        Result config = dockerCompose(env);
        assertThat(config.exit()).as("docker-compose config:%n%s", config.errors()).isZero();
        resolved = new Yaml().load(config.output());
        services = map(resolved.get("services"));
    }

    @Test
    void hasTheFourServicesAndTheKeyToolOnTheIntendedImages() throws Exception {
        assertThat(services.keySet()).containsExactlyInAnyOrder("gateway", "media-broker", "kurento", "coturn",
                "token-keys", "recordings-folder");
        assertThat(services.get("kurento").get("image")).isEqualTo("kurento/kurento-media-server:7.3.0");
        assertThat((String) services.get("coturn").get("image")).startsWith("coturn/coturn:");
        // The apps are built from this repository, with the Dockerfile beside each module; the key tool is the
        // gateway's image.
        for (String app : List.of("gateway", "media-broker")) {
            Path context = Path.of((String) map(services.get(app).get("build")).get("context"));
            assertThat(context).isEqualTo(ROOT.resolve(app));
            String dockerfile = Files.readString(context.resolve("Dockerfile"));
            assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre")
                    .containsPattern("(?m)^COPY target/vidgate-" + app + "-\\*-exec\\.jar ")
                    .containsPattern("(?m)^USER vidgate");
            assertThat(Files.readString(context.resolve(".dockerignore"))).contains("!target/vidgate-" + app + "-*-exec.jar");
        }
        assertThat(map(services.get("token-keys").get("build")).get("context"))
                .isEqualTo(map(services.get("gateway").get("build")).get("context"));
        assertThat(services.get("token-keys").get("image")).isEqualTo(services.get("gateway").get("image"));
    }

    @Test
    void onlyThePublicListenerTheLoopbackInternalListenerAndCoturnArePublished() {
        List<Published> published = new ArrayList<>();
        services.forEach((name, service) -> published.addAll(ports(name, service)));

        assertThat(published).containsExactlyInAnyOrder(
                new Published("gateway", "", 4443, 4443, "tcp"),
                new Published("gateway", "127.0.0.1", 5443, 5443, "tcp"),
                new Published("coturn", "", 3478, 3478, "udp"),
                new Published("coturn", "", 3478, 3478, "tcp"));
        for (Map<String, Object> service : services.values()) {
            assertThat(service).as("no service shares the host's network").doesNotContainEntry("network_mode", "host");
            assertThat(service).doesNotContainKey("expose");
        }
        // The listeners behind those ports are the apps' defaults; inside its container the internal one listens
        // on every address (the host publishes it on loopback only), the broker too (for the gateway alone).
        Map<String, String> gateway = environment("gateway");
        assertThat(gateway).doesNotContainKeys("VIDGATE_PUBLIC_PORT", "VIDGATE_INTERNAL_PORT")
                .containsEntry("VIDGATE_INTERNAL_ADDRESS", "0.0.0.0");
        assertThat(environment("media-broker")).doesNotContainKey("VIDGATE_BROKER_PORT")
                .containsEntry("VIDGATE_BROKER_ADDRESS", "0.0.0.0");
        assertThat(gateway).containsEntry("VIDGATE_BROKER_URL", "http://media-broker:5080");
        assertThat(environment("media-broker")).containsEntry("VIDGATE_KURENTO_URIS", "ws://kurento:8888/kurento");
    }

    @Test
    void everyServiceHasAHealthCheckOnWhatItServesAndARestartPolicy() {
        for (String name : LONG_RUNNING) {
            Map<String, Object> service = services.get(name);
            assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
            Map<String, Object> health = map(service.get("healthcheck"));
            assertThat(health).as(name).containsKeys("interval", "timeout", "retries").doesNotContainKey("disable");
            assertThat(list(health.get("test"))).as(name).first().isEqualTo("CMD");
        }
        assertThat(String.join(" ", list(map(services.get("gateway").get("healthcheck")).get("test"))))
                .contains("curl --fail").endsWith("http://127.0.0.1:5443/actuator/health");
        assertThat(String.join(" ", list(map(services.get("media-broker").get("healthcheck")).get("test"))))
                .contains("curl --fail").endsWith("http://127.0.0.1:5080/actuator/health");
        assertThat(String.join(" ", list(map(services.get("kurento").get("healthcheck")).get("test"))))
                .endsWith("http://127.0.0.1:8888/kurento");
        assertThat(String.join(" ", list(map(services.get("coturn").get("healthcheck")).get("test"))))
                .contains("/dev/tcp/127.0.0.1/3478");
        // The key tool runs once per start and exits; restarting it would be a loop.
        assertThat(services.get("token-keys").get("restart")).isEqualTo("no");
        assertThat(services.get("token-keys").get("network_mode")).isEqualTo("none");
        // The apps wait for their keys, the broker for Kurento, the gateway for the broker.
        assertThat(map(map(services.get("gateway").get("depends_on")).get("token-keys")))
                .containsEntry("condition", "service_completed_successfully");
        assertThat(map(map(services.get("media-broker").get("depends_on")).get("kurento")))
                .containsEntry("condition", "service_healthy");
        assertThat(map(map(services.get("gateway").get("depends_on")).get("media-broker")))
                .containsEntry("condition", "service_healthy");
    }

    @Test
    void theSecretsReachEveryServiceThatNeedsThemFromOneVariable() {
        for (String name : List.of("gateway", "media-broker", "coturn")) {
            assertThat(environment(name)).as(name).containsEntry("VIDGATE_TURN_SECRETS", TURN_SECRETS);
        }
        for (String name : List.of("gateway", "media-broker")) {
            assertThat(environment(name)).as(name).containsEntry("VIDGATE_SECRET", ADMIN_SECRET);
        }
        assertThat(environment("coturn")).doesNotContainKey("VIDGATE_SECRET");
        assertThat(environment("kurento")).isEmpty();
        // coturn gets them through its start script, which reads that variable (not a copy of the secret).
        assertThat(list(services.get("coturn").get("entrypoint"))).containsExactly("bash",
                "/etc/coturn/vidgate/start-coturn.sh");
    }

    @Test
    void theBrokerHoldsOnlyThePublicHalfOfTheGatewaysKeys() {
        Map<String, String> keys = environment("token-keys");
        String privateFile = keys.get("VIDGATE_TOKENS_JWKS_FILE");
        String publicFile = keys.get("VIDGATE_TOKENS_PUBLIC_JWKS_FILE");
        assertThat(environment("gateway")).containsEntry("VIDGATE_TOKENS_JWKS_FILE", privateFile);
        assertThat(environment("media-broker")).containsEntry("VIDGATE_TOKENS_JWKS_FILE", publicFile);

        assertThat(volumeAt("gateway", parent(privateFile))).isEqualTo("token-keys:ro");
        assertThat(volumeAt("media-broker", parent(publicFile))).isEqualTo("token-public-keys:ro");
        assertThat(volumeAt("token-keys", parent(privateFile))).startsWith("token-keys");
        assertThat(volumeAt("token-keys", parent(publicFile))).startsWith("token-public-keys");
        assertThat(list(services.get("media-broker").get("volumes"))).noneMatch(v -> v.startsWith("token-keys:"));
        assertThat(map(resolved.get("volumes")).keySet()).containsExactlyInAnyOrder("token-keys", "token-public-keys",
                "recordings");
    }

    @Test
    void kurentoWritesRecordingsWhereTheBrokerReadsThem() {
        Map<String, String> broker = environment("media-broker");
        assertThat(broker).containsEntry("VIDGATE_RECORDING_ENABLED", "true");
        String path = broker.get("VIDGATE_RECORDING_PATH");
        // One volume at the same path in both: the path the broker has is the file:// URI Kurento is told to write to
        // (vidgate.recording.kurento-path left to its default).
        assertThat(volumeAt("media-broker", path)).isEqualTo("recordings:rw");
        assertThat(volumeAt("kurento", path)).isEqualTo("recordings:rw");
        assertThat(broker).doesNotContainKey("VIDGATE_RECORDING_KURENTO_PATH");
        // The broker (uid 10001) makes a folder per recording in it: the one-shot service gives it the volume first.
        assertThat(volumeAt("recordings-folder", path)).isEqualTo("recordings:rw");
        assertThat(list(services.get("recordings-folder").get("entrypoint")))
                .containsExactly("chown", "10001:10001", path);
        assertThat(services.get("recordings-folder").get("restart")).isEqualTo("no");
        assertThat(services.get("recordings-folder").get("network_mode")).isEqualTo("none");
        assertThat(map(map(services.get("media-broker").get("depends_on")).get("recordings-folder")))
                .containsEntry("condition", "service_completed_successfully");
    }

    @Test
    void theAppsReadTheSharedConfigurationOfConfigFolder() throws Exception {
        for (String app : List.of("gateway", "media-broker")) {
            String locations = environment(app).get("SPRING_CONFIG_ADDITIONAL_LOCATION");
            assertThat(locations).isEqualTo("file:/etc/vidgate/vidgate.yml,file:/etc/vidgate/" + app + "/");
            for (String location : locations.split(",")) {
                String target = location.substring("file:".length()).replaceAll("/$", "");
                String mount = volumeAt(app, target);
                Path source = Path.of(mount.substring(0, mount.lastIndexOf(":ro")));
                assertThat(source).as(app + " " + target).startsWith(ROOT.resolve("config")).exists();
            }
        }
        // bin/vidgate-dev reads the same files.
        assertThat(Files.readString(ROOT.resolve("bin/vidgate-dev")))
                .contains("--spring.config.additional-location=file:$root/config/vidgate.yml,file:$root/config/$1/");
        assertThat(volumeAt("kurento", "/etc/kurento/modules/kurento/WebRtcEndpoint.conf.ini"))
                .isEqualTo(ROOT.resolve("config/kurento/WebRtcEndpoint.conf.ini") + ":ro");
        assertThat(volumeAt("coturn", "/etc/coturn/vidgate")).isEqualTo(ROOT.resolve("config/coturn") + ":ro");
    }

    @Test
    void coturnRelaysToKurentoAndTheAddressesAgreeAcrossFiles() throws Exception {
        Map<String, Object> media = map(map(resolved.get("networks")).get("media"));
        String subnet = (String) map(list(map(media.get("ipam")).get("config"), Map.class).get(0)).get("subnet");
        String kurento = address("kurento", "media");
        String coturn = address("coturn", "media");
        assertThat(inSubnet(kurento, subnet)).as(kurento + " in " + subnet).isTrue();
        assertThat(inSubnet(coturn, subnet)).as(coturn + " in " + subnet).isTrue();
        assertThat(list(services.get("coturn").get("command"))).contains("--relay-ip=" + coturn);

        List<String> conf = Files.readAllLines(ROOT.resolve("config/coturn/turnserver.conf"));
        assertThat(conf.stream().filter(line -> line.startsWith("allowed-peer-ip=")).map(line -> line.substring(16)))
                .containsExactly(kurento);
        assertThat(conf).contains("denied-peer-ip=0.0.0.0-255.255.255.255", "no-tcp-relay", "use-auth-secret");
        assertThat(conf).noneMatch(line -> line.startsWith("static-auth-secret"));

        // Networks: the gateway never on the media network; Kurento and coturn never on the signaling one.
        assertThat(map(services.get("gateway").get("networks")).keySet()).containsExactly("signaling");
        assertThat(map(services.get("media-broker").get("networks")).keySet())
                .containsExactlyInAnyOrder("signaling", "media");
        assertThat(map(services.get("kurento").get("networks")).keySet()).containsExactly("media");
        assertThat(map(services.get("coturn").get("networks")).keySet()).containsExactly("media");
        // TURN URIs handed to browsers name coturn's published port.
        for (String uri : environment("gateway").get("VIDGATE_TURN_URIS").split(",")) {
            assertThat(URI.create(uri.replaceFirst("^turn:", "turn://")).getPort()).isEqualTo(3478);
        }
    }

    @Test
    void noSecretIsCommittedAndAMissingOneStopsDockerCompose() throws Exception {
        String example = Files.readString(ROOT.resolve(".env.example"));
        assertThat(example).containsPattern("(?m)^VIDGATE_SECRET=$").containsPattern("(?m)^VIDGATE_TURN_SECRETS=$");
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");

        Path unfilled = work.resolve("unfilled.env");
        Files.writeString(unfilled, example);
        Result config = dockerCompose(unfilled);
        assertThat(config.exit()).isNotZero();
        assertThat(config.errors()).containsPattern("set VIDGATE_(TURN_)?SECRETS? in \\.env");
    }

    // ---------------------------------------------------------------- helpers

    record Result(int exit, String output, String errors) {
    }

    /** {@code docker-compose -f docker-compose.yml --env-file <env> config}, with no VIDGATE_* of this JVM's. */
    private static Result dockerCompose(Path env) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "compose", ".out");
        Path errors = Files.createTempFile(work, "compose", ".err");
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(),
                "--env-file", env.toString(), "config")
                .directory(ROOT.toFile()).redirectOutput(output.toFile()).redirectError(errors.toFile());
        // The shell's variables win over the env file in docker-compose: none may leak in from the test's own.
        builder.environment().keySet().removeIf(key -> key.startsWith("VIDGATE_") || key.startsWith("COMPOSE_")
                || key.equals("GATEWAY_PUBLISHED_PORT"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker-compose config did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                Files.readString(errors, StandardCharsets.UTF_8));
    }

    private static final Pattern SHORT_PORT = Pattern.compile("(?:([0-9.]+):)?(\\d+):(\\d+)(?:/(tcp|udp))?");

    private static List<Published> ports(String service, Map<String, Object> definition) {
        List<Published> ports = new ArrayList<>();
        for (Object port : list(definition.getOrDefault("ports", List.of()), Object.class)) {
            if (port instanceof Map<?, ?> mapping) {
                ports.add(new Published(service, mapping.containsKey("host_ip") ? String.valueOf(mapping.get("host_ip")) : "",
                        Integer.parseInt(String.valueOf(mapping.get("published"))),
                        Integer.parseInt(String.valueOf(mapping.get("target"))),
                        mapping.containsKey("protocol") ? String.valueOf(mapping.get("protocol")) : "tcp"));
            } else {
                Matcher matcher = SHORT_PORT.matcher(String.valueOf(port));
                assertThat(matcher.matches()).as("port " + port).isTrue();
                ports.add(new Published(service, matcher.group(1) == null ? "" : matcher.group(1),
                        Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                        matcher.group(4) == null ? "tcp" : matcher.group(4)));
            }
        }
        return ports;
    }

    private static Map<String, String> environment(String service) {
        Object environment = services.get(service).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] pair = String.valueOf(entry).split("=", 2);
                variables.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return variables;
    }

    /** What is mounted at {@code target} in the service: "source:mode" (volume name, or host path). */
    private static String volumeAt(String service, String target) {
        for (String volume : list(services.get(service).get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return parts[0] + (parts.length > 2 ? ":" + parts[2] : "");
            }
        }
        throw new AssertionError(service + " mounts nothing at " + target + ": " + services.get(service).get("volumes"));
    }

    private static String address(String service, String network) {
        return (String) map(map(services.get(service).get("networks")).get(network)).get("ipv4_address");
    }

    private static String parent(String file) {
        return file.substring(0, file.lastIndexOf('/'));
    }

    private static boolean inSubnet(String address, String cidr) throws IOException {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        BigInteger mask = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(32 - bits).subtract(BigInteger.ONE));
        BigInteger network = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
        BigInteger host = new BigInteger(1, InetAddress.getByName(address).getAddress());
        return host.and(mask).equals(network.and(mask));
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, T>) value;
    }

    private static List<String> list(Object value) {
        return list(value, Object.class).stream().map(String::valueOf).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value, Class<T> type) {
        assertThat(value).isInstanceOf(List.class);
        return (List<T>) value;
    }
}
