package io.vidgate.broker.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vidgate.broker.recording.RecordingService;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /openvidu/recordings/{id}/{file}}: a recording's file, where its {@code url} points (openvidu-server's
 * path), with the admin credentials. Range requests are answered (206) by WebFlux's resource writer, so players can
 * seek and downloads resume. A range it cannot serve gets its 416 here, with {@code Content-Range: bytes *}{@code /<size>}
 * as RFC 9110 asks (the writer's 416 has no Content-Range), so a client learns the size to try again with. Only a plain file name inside the recording's folder is
 * served: no path, no {@code ..}, not the metadata file.
 */
@RestController
public class RecordingDownloadController {

    private final RecordingService recordings;

    public RecordingDownloadController(RecordingService recordings) {
        this.recordings = recordings;
    }

    @GetMapping(RecordingsController.DOWNLOAD_PATH + "{recordingId}/{fileName}")
    public ResponseEntity<Resource> download(@PathVariable String recordingId, @PathVariable String fileName,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        if (!recordings.enabled()) {
            throw new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, "Recording is off in this Vidgate");
        }
        Path file = recordings.file(recordingId, fileName)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such recording file"));
        Resource resource = new FileSystemResource(file);
        if (range != null && !satisfiable(range, resource)) {
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size(file)).build();
        }
        MediaType type = fileName.endsWith(".webm") ? MediaType.parseMediaType("video/webm")
                : MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(resource);
    }

    /** Whether WebFlux's writer can serve these ranges of the file: parsed, within it, not too many. */
    private static boolean satisfiable(String range, Resource resource) {
        try {
            HttpRange.toResourceRegions(HttpRange.parseRanges(range), resource);
            return true;
        } catch (IllegalArgumentException unsatisfiable) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            throw new UncheckedIOException(gone);
        }
    }
}
