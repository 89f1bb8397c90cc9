package io.vidgate.broker.cdr;

import java.io.IOException;
import java.nio.file.Path;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.config.DataDirectoryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The CDR, with {@code vidgate.cdr.enabled}: a {@link CdrObserver} hears every fact (the fact stream takes every
 * observer bean). Off, there is no observer, no thread and no file. A folder that cannot be created or written stops
 * the broker at start, as openvidu-server refuses an unwritable {@code OPENVIDU_CDR_PATH}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CdrProperties.class, DataDirectoryProperties.class})
public class CdrConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CdrConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "vidgate.cdr.enabled", havingValue = "true")
    CdrObserver cdrObserver(CdrProperties cdr, DataDirectoryProperties data) {
        Path directory = cdr.directory(data.dataDir());
        try {
            CdrFiles files = CdrFiles.of(cdr, directory);
            log.info("CDR on: every event to {} (a new file past {}{}, at most {} files kept)", directory,
                    cdr.maxFileSize(), cdr.rotateDaily() ? " and each day, UTC" : "", cdr.maxFiles());
            return new CdrObserver(files);
        } catch (IOException | SecurityException failed) {
            throw new ConfigurationProblem("vidgate.cdr.path: cannot write CDR files in '" + directory + "' ("
                    + failed + ")", failed);
        }
    }
}
