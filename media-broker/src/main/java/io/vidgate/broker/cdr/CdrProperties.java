package io.vidgate.broker.cdr;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code vidgate.cdr.*}: OpenVidu's Call Detail Record ({@code OPENVIDU_CDR}, {@code OPENVIDU_CDR_PATH}), every fact
 * as one JSON line in files that rotate and are bounded in number, so the CDR never fills a disk.
 *
 * @param enabled     off by default, as OpenVidu's; off, nothing is written and no file is opened
 * @param path        the folder of the CDR files; unset: {@code cdr} under {@code vidgate.data-dir}
 * @param maxFileSize a file that would grow past this with the next line is closed and a new one started (a line
 *                    longer than it gets a file of its own)
 * @param rotateDaily a new file with the first line of each day (UTC), as OpenVidu's daily CDR files
 * @param maxFiles    CDR files kept in {@code path}; when a new one is started the oldest beyond this are deleted.
 *                    With the defaults the CDR takes at most 30 × 100 MB
 */
@ConfigurationProperties("vidgate.cdr")
public record CdrProperties(
        @DefaultValue("false") boolean enabled,
        Path path,
        @DefaultValue("100MB") DataSize maxFileSize,
        @DefaultValue("true") boolean rotateDaily,
        @DefaultValue("30") int maxFiles) {

    /** Below this a file would hold a handful of lines: a unit mistake ({@code 100} for {@code 100MB}). */
    static final DataSize SMALLEST_FILE = DataSize.ofKilobytes(1);

    public CdrProperties {
        if (maxFileSize.compareTo(SMALLEST_FILE) < 0) {
            throw new IllegalArgumentException("vidgate.cdr.max-file-size must be at least 1KB (e.g. 100MB), not "
                    + maxFileSize.toBytes() + " bytes");
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("vidgate.cdr.max-files must be at least 1, not " + maxFiles);
        }
    }

    /** The folder CDR files go to: {@code path}, or {@code cdr} under the data directory. */
    public Path directory(Path dataDir) {
        return (path != null ? path : dataDir.resolve("cdr")).toAbsolutePath().normalize();
    }
}
