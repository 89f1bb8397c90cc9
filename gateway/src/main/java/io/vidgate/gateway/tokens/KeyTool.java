package io.vidgate.gateway.tokens;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vidgate.protocol.token.PublicKeySet;
import io.vidgate.protocol.token.SigningKeys;

/**
 * Creates and rotates the token signing keys of a deployment, without Spring: the private JWK set the gateway signs
 * with ({@code vidgate.tokens.jwks-file}) and, beside it, the public set the broker verifies with. Shipped in the
 * gateway's jar; docker-compose's {@code token-keys} service runs it, elsewhere:
 *
 * <pre>
 * java -Dloader.main=io.vidgate.gateway.tokens.KeyTool -cp vidgate-gateway-exec.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher init
 * </pre>
 *
 * <p>Files: {@code --private-file=} and {@code --public-file=}, or the environment variables
 * {@code VIDGATE_TOKENS_JWKS_FILE} and {@code VIDGATE_TOKENS_PUBLIC_JWKS_FILE}. Every command rewrites the public
 * file from the private one. Rotation is three commands, each followed by restarts (docs/deployment.md): {@code add}
 * (the new key verifies; restart the broker), {@code promote} (it signs; restart the gateway), {@code retire} once
 * the old key's tokens have expired (restart both). A private key is never printed.
 */
public final class KeyTool {

    static final String PRIVATE_ENV = "VIDGATE_TOKENS_JWKS_FILE";
    static final String PUBLIC_ENV = "VIDGATE_TOKENS_PUBLIC_JWKS_FILE";

    private static final String USAGE = """
            usage: KeyTool <command> [--private-file=FILE] [--public-file=FILE]
              init            create the private key file with one new key unless it exists; write the public file
              add             add a new key after the others: it verifies tokens, the first key still signs
                              (then restart the broker)
              promote [KID]   put the newest key (or KID) first: it signs new tokens (then restart the gateway)
              retire          keep only the first key: tokens of the others stop verifying (then restart both)
              list            print the key ids, the signing key first
            FILE defaults: $%s (private, the gateway's), $%s (public, the broker's)
            """.formatted(PRIVATE_ENV, PUBLIC_ENV);

    private KeyTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The exit status: 0 done, 1 failed (the reason on {@code err}), 2 bad usage. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = null;
        String argument = null;
        Path privateFile = pathOf(env.get(PRIVATE_ENV));
        Path publicFile = pathOf(env.get(PUBLIC_ENV));
        for (String arg : args) {
            if (arg.startsWith("--private-file=")) {
                privateFile = pathOf(arg.substring("--private-file=".length()));
            } else if (arg.startsWith("--public-file=")) {
                publicFile = pathOf(arg.substring("--public-file=".length()));
            } else if (arg.startsWith("-")) {
                return usage(err, "unknown option " + arg);
            } else if (command == null) {
                command = arg;
            } else if (argument == null) {
                argument = arg;
            } else {
                return usage(err, "too many arguments");
            }
        }
        if (command == null) {
            return usage(err, "no command");
        }
        if (privateFile == null) {
            return usage(err, "no private key file: set " + PRIVATE_ENV + " or --private-file");
        }
        if (publicFile == null && !command.equals("list")) {
            return usage(err, "no public key file: set " + PUBLIC_ENV + " or --public-file");
        }
        if (argument != null && !command.equals("promote")) {
            return usage(err, command + " takes no argument");
        }
        try {
            SigningKeys keys = switch (command) {
                case "init" -> init(privateFile, out);
                case "add" -> {
                    SigningKeys added = SigningKeys.load(privateFile).withKeyAdded(SigningKeys.generateKey());
                    added.writeTo(privateFile);
                    out.println("Added key " + last(added) + "; it verifies tokens once the broker restarts. The"
                            + " signing key is still " + added.signingKeyId() + ".");
                    yield added;
                }
                case "promote" -> {
                    SigningKeys loaded = SigningKeys.load(privateFile);
                    SigningKeys promoted = loaded.withSigningKey(argument != null ? argument : last(loaded));
                    promoted.writeTo(privateFile);
                    out.println("Key " + promoted.signingKeyId() + " signs new tokens once the gateway restarts.");
                    yield promoted;
                }
                case "retire" -> {
                    SigningKeys loaded = SigningKeys.load(privateFile);
                    SigningKeys retired = loaded.withSigningKeyOnly();
                    retired.writeTo(privateFile);
                    List<String> gone = new ArrayList<>(loaded.keyIds());
                    gone.remove(retired.signingKeyId());
                    out.println("Retired " + (gone.isEmpty() ? "nothing" : String.join(", ", gone))
                            + "; restart the broker and the gateway.");
                    yield retired;
                }
                case "list" -> SigningKeys.load(privateFile);
                default -> null;
            };
            if (keys == null) {
                return usage(err, "unknown command " + command);
            }
            if (publicFile != null && !command.equals("list")) {
                writePublic(publicFile, keys.publicKeys());
            }
            out.println("Keys (signing first): " + String.join(", ", keys.keyIds()));
            if (command.equals("list") && publicFile != null) {
                out.println("Public file " + publicFile + ": " + (Files.exists(publicFile)
                        ? String.join(", ", PublicKeySet.load(publicFile).keyIds()) : "missing"));
            }
            return 0;
        } catch (NoSuchFileException e) {
            err.println("KeyTool: no such file: " + e.getFile() + (command.equals("init") ? "" : " (run init first)"));
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("KeyTool: " + e.getMessage());
            return 1;
        }
    }

    private static SigningKeys init(Path privateFile, PrintStream out) throws IOException {
        if (Files.exists(privateFile)) {
            SigningKeys existing = SigningKeys.load(privateFile);
            out.println("Using the existing keys in " + privateFile + ".");
            return existing;
        }
        SigningKeys generated = SigningKeys.generate();
        generated.writeTo(privateFile);
        out.println("Generated key " + generated.signingKeyId() + " in " + privateFile + ".");
        return generated;
    }

    private static String last(SigningKeys keys) {
        return keys.keyIds().get(keys.keyIds().size() - 1);
    }

    /** The public set, readable by all (it is public), replaced atomically. */
    private static void writePublic(Path file, PublicKeySet keys) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".public-keys", ".tmp");
        try {
            Files.writeString(temporary, keys.toJson(), StandardCharsets.UTF_8);
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path pathOf(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("KeyTool: " + problem);
        err.print(USAGE);
        return 2;
    }
}
