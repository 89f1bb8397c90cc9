package io.vidgate.broker.admin;

import java.nio.file.Path;

import io.vidgate.broker.recording.RecordingService;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /openvidu/recordings/{id}/{file}}: a recording's file, where its {@code url} points (openvidu-server's
 * path), with the admin credentials. Range requests are answered (206, or 416 for a range past the end) by WebFlux's
 * resource writer, so players can seek and downloads resume. Only a plain file name inside the recording's folder is
 * served: no path, no {@code ..}, not the metadata file.
 */
@RestController
public class RecordingDownloadController {

    private final RecordingService recordings;

    public RecordingDownloadController(RecordingService recordings) {
        this.recordings = recordings;
    }

    @GetMapping(RecordingsController.DOWNLOAD_PATH + "{recordingId}/{fileName}")
    public ResponseEntity<Resource> download(@PathVariable String recordingId, @PathVariable String fileName) {
        if (!recordings.enabled()) {
            throw new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, "Recording is off in this Vidgate");
        }
        Path file = recordings.file(recordingId, fileName)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such recording file"));
        Resource resource = new FileSystemResource(file);
        MediaType type = fileName.endsWith(".webm") ? MediaType.parseMediaType("video/webm")
                : MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(resource);
    }
}
