package io.vidgate.boot.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vidgate.data-dir}: where the gateway and the broker keep what they generate for themselves: in development
 * the shared token signing key (production deployments configure their keys explicitly); the broker's CDR files when
 * {@code vidgate.cdr.path} is not set.
 */
@ConfigurationProperties("vidgate")
public record DataDirectoryProperties(@DefaultValue(".vidgate-data") Path dataDir) {
}
