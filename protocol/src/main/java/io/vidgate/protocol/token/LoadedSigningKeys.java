package io.vidgate.protocol.token;

import java.nio.file.Path;

/**
 * The result of {@link SigningKeys#loadOrGenerate(Path)}.
 *
 * @param generated true when the file did not exist and a new key was written to it; the gateway logs a warning,
 *                  because a generated key is fine for development only (other instances and the broker do not
 *                  know it, and losing the file invalidates every outstanding token)
 */
public record LoadedSigningKeys(SigningKeys keys, Path file, boolean generated) {
}
