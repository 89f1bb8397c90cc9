package io.vidgate.demo;

import java.net.URI;
import java.util.Map;

/**
 * Where the demo listens and where its backend gets tokens.
 *
 * @param host        the address to bind ({@code 127.0.0.1})
 * @param port        the port, 0 for any free one ({@code 5000}, as the OpenVidu tutorials' backends)
 * @param openViduUrl Vidgate's internal listener ({@code OPENVIDU_URL}, {@code http://127.0.0.1:5443})
 * @param secret      the admin secret ({@code OPENVIDU_SECRET}, required)
 */
public record DemoSettings(String host, int port, URI openViduUrl, String secret) {

    static final String USAGE = """
            Usage: OPENVIDU_SECRET=<secret> java -jar vidgate-demo-exec.jar [options]
              --host=ADDR          bind address (127.0.0.1)
              --port=N             port, 0 for any free one (5000)
              --openvidu-url=URL   Vidgate's internal listener (OPENVIDU_URL, http://127.0.0.1:5443)""";

    public DemoSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port out of range: " + port);
        }
        String scheme = openViduUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || openViduUrl.getHost() == null) {
            throw new IllegalArgumentException("--openvidu-url must be an http(s) URL: " + openViduUrl);
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("OPENVIDU_SECRET is not set: the backend needs Vidgate's admin secret");
        }
    }

    /** Options {@code --name=value} over the environment's {@code OPENVIDU_URL} / {@code OPENVIDU_SECRET}. */
    static DemoSettings parse(String[] args, Map<String, String> env) {
        String host = "127.0.0.1";
        String port = "5000";
        String url = env.getOrDefault("OPENVIDU_URL", "http://127.0.0.1:5443");
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
            String value = arg.substring(equals + 1);
            switch (arg.substring(2, equals)) {
                case "host" -> host = value;
                case "port" -> port = value;
                case "openvidu-url" -> url = value;
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        try {
            return new DemoSettings(host, Integer.parseInt(port), URI.create(url), env.get("OPENVIDU_SECRET"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number: " + port);
        }
    }
}
