package io.vidgate.gateway;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vidgate.data-dir}: where the gateway keeps what it generates for itself in development (signing keys).
 * Production deployments configure their keys explicitly and need no data folder.
 */
@ConfigurationProperties("vidgate")
public record DataDirectoryProperties(@DefaultValue(".vidgate-data") Path dataDir) {
}
