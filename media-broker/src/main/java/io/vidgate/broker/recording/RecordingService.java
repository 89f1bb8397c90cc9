package io.vidgate.broker.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.recording.Recording.Status;
import io.vidgate.broker.recording.RecordingException.Problem;
import io.vidgate.broker.recording.media.MediaRecording;
import io.vidgate.broker.recording.media.RecordedFile;
import io.vidgate.broker.recording.media.RecordedMedia;
import io.vidgate.broker.recording.media.RecordingMedia;
import io.vidgate.broker.recording.media.RecordingMediaException;
import io.vidgate.broker.recording.media.RecordingSpec;
import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.RoomMediaListener;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.MediaMode;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.broker.session.RecordingMode;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings: OpenVidu's state machine ({@code starting → started → stopped → ready | failed}) over the Kurento
 * side ({@link RecordingMedia}) and the recordings folder ({@link RecordingFiles}). Every status change is written to
 * the recording's metadata file and published as a recordingStatusChanged fact; participants hear
 * {@code recordingStarted} / {@code recordingStopped} as {@code vidgate.recording.notification} says.
 *
 * <p>As a {@link RoomMediaListener} it starts a session's recording at its first publish ({@code recordingMode
 * ALWAYS}), stops it {@code autostop-timeout} after the last stream ended ({@code automaticStop}), and stops it when
 * the session closes, before the session's pipeline goes ({@code lastParticipantLeft}, {@code sessionClosedByServer}…).
 *
 * <p>Each recording's monitor orders its changes (status, metadata file, fact, notification: they go out in the order
 * they happened); the service's monitor, taken inside it and never the other way round, guards which recordings are
 * under way. Neither is held across a Kurento call or the packing of files; a room's lock is never held when the
 * room calls here (its listeners run from its outbox).
 */
public final class RecordingService implements RoomMediaListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordingService.class);

    /** openvidu-server's RecordingManager.finalReason: these session ends stop a recording as lastParticipantLeft. */
    private static final Set<EndReason> LAST_PARTICIPANT_LEFT = Set.of(EndReason.DISCONNECT,
            EndReason.FORCE_DISCONNECT_BY_USER, EndReason.FORCE_DISCONNECT_BY_SERVER, EndReason.NETWORK_DISCONNECT);
    static final String CUT_BY_RESTART = "the broker stopped while recording; the files hold what was written until then";

    /** A recording not finished yet: starting, started, or stopped and being packed. */
    private final class Active implements MediaRecording.Listener {
        final Room room;
        Recording recording;
        MediaRecording media;
        /** The session closed while Kurento was starting: stop as soon as it has. */
        EndReason stopWhenStarted;
        /** Kurento went away: the recording ends {@code failed}, with this. */
        String lost;
        ScheduledFuture<?> autostop;
        /** Completes once Kurento closed the files (the room may release the pipeline then). */
        final CompletableFuture<Void> filesClosed = new CompletableFuture<>();
        /** Completes with the recording ready or failed. */
        final CompletableFuture<Recording> done = new CompletableFuture<>();

        Active(Room room, Recording recording) {
            this.room = room;
            this.recording = recording;
        }

        @Override
        public void mediaLost(String reason) {
            mediaWentAway(this, reason);
        }

        @Override
        public void noStreamsLeft() {
            nobodyPublishes(this);
        }
    }

    private final RecordingProperties properties;
    private final RecordingFiles files;
    private final String kurentoDirectory;
    private final Rooms rooms;
    private final Supplier<RecordingMedia> media;
    private final FactStream facts;
    private final Clock clock;
    /** Auto-stop timers, ALWAYS starts and the packing of finished recordings, one at a time. */
    private final ScheduledExecutorService worker;

    private final Map<String, Active> byId = new LinkedHashMap<>();
    /** The recording under way in each session (starting or started); a stopped one is no longer here. */
    private final Map<String, Active> bySession = new HashMap<>();
    /** Sessions whose recording was stopped through the REST API: ALWAYS does not start them again (as OpenVidu). */
    private final Set<String> stoppedByServer = new HashSet<>();

    /**
     * @param media the Kurento side; looked up when a recording starts (absent when recording is disabled)
     */
    public RecordingService(RecordingProperties properties, Path directory, Rooms rooms,
            Supplier<RecordingMedia> media, FactStream facts, Clock clock) {
        this.properties = properties;
        this.files = new RecordingFiles(directory);
        this.kurentoDirectory = properties.kurentoDirectory(directory);
        this.rooms = rooms;
        this.media = media;
        this.facts = facts;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "recordings");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    public RecordingProperties properties() {
        return properties;
    }

    /** The recordings folder, as the broker sees it. */
    public Path directory() {
        return files.root();
    }

    /**
     * Checks the folder and marks {@code failed} what a previous run left under way (cut by a crash or a kill: its
     * files are kept, packed as far as they go).
     *
     * @throws IOException when the folder cannot be created or written
     */
    public void open() throws IOException {
        files.checkWritable();
        for (Recording left : files.loadAll()) {
            if (left.status().inProgress()) {
                RecordingFiles.Packed packed = files.pack(left, files.leftMedia(left.id()));
                files.save(left.finished(packed.size(), packed.duration(), CUT_BY_RESTART));
                log.warn("Recording {} was {} when the broker stopped: now failed, its files kept", left.id(),
                        left.status());
            }
        }
    }

    // ---- REST

    /**
     * Starts recording a session.
     *
     * @return completes once Kurento records ({@code started}); fails with a {@link RecordingException}
     *         ({@code NOTHING_TO_RECORD}, {@code MEDIA_FAILED}) when it could not start
     * @throws RecordingException {@code NOT_FOUND}, {@code BEING_RECORDED}, {@code NOTHING_TO_RECORD}
     */
    public CompletableFuture<Recording> start(String sessionId, RecordingDefaults asked) {
        Room room = roomOf(sessionId);
        SessionSnapshot session = room.snapshot();
        Active active;
        synchronized (this) {
            checkRecordable(session);
            String id = files.freeId(sessionId, byId.keySet());
            active = new Active(room, Recording.starting(id, sessionId, room.createdAt(), clock.millis(), asked));
            byId.put(id, active);
            bySession.put(sessionId, active);
        }
        Recording starting = active.recording;
        try {
            persist(active);
        } catch (UncheckedIOException unwritable) {
            forget(active);
            throw new RecordingException(Problem.MEDIA_FAILED, unwritable.getMessage());
        }
        // No recordingStatusChanged yet: openvidu-server 2.32.1 posts none for starting, its first is started.
        log.info("Recording {} of session {} starting ({}{}{})", starting.id(), sessionId, starting.outputMode(),
                starting.hasAudio() ? ", audio" : "", starting.hasVideo() ? ", video" : "");
        RecordingSpec spec = new RecordingSpec(starting.id(), starting.individual(), starting.hasAudio(),
                starting.hasVideo(), starting.resolution(), starting.frameRate(), files.directoryOf(starting.id()),
                kurentoDirectory + starting.id() + "/", true);
        CompletableFuture<MediaRecording> onKurento;
        try {
            RecordingMedia kurento = media.get();
            if (kurento == null) {
                throw new IllegalStateException("no Kurento recording in this broker");
            }
            onKurento = kurento.start(room, spec, active);
        } catch (RuntimeException refused) {
            onKurento = CompletableFuture.failedFuture(refused);
        }
        return onKurento.handle((recorder, failure) -> failure == null ? started(active, recorder)
                : notStarted(active, failure));
    }

    /**
     * The session's {@code defaultRecordingProperties}, when it could be recorded now (openvidu-server checks the
     * session before the parameters: a 404, 409 or 406 wins over a 422).
     *
     * @throws RecordingException {@code NOT_FOUND}, {@code BEING_RECORDED}, {@code NOTHING_TO_RECORD}
     */
    public RecordingDefaults recordable(String sessionId) {
        SessionSnapshot session = roomOf(sessionId).snapshot();
        synchronized (this) {
            checkRecordable(session);
        }
        return session.properties().defaultRecordingProperties();
    }

    private Room roomOf(String sessionId) {
        return rooms.room(sessionId).orElseThrow(
                () -> new RecordingException(Problem.NOT_FOUND, "No session " + LogSafe.quote(sessionId)));
    }

    /** openvidu-server's order: 409 (being recorded, or not ROUTED), then 406 (nobody connected; Vidgate: publishing). */
    private void checkRecordable(SessionSnapshot session) {
        String sessionId = session.id();
        if (session.properties().mediaMode() != MediaMode.ROUTED || bySession.containsKey(sessionId)) {
            throw new RecordingException(Problem.BEING_RECORDED, "Session " + sessionId
                    + (bySession.containsKey(sessionId) ? " is already being recorded" : " is not ROUTED"));
        }
        if (!session.isActive()) {
            throw new RecordingException(Problem.NOTHING_TO_RECORD, "Session " + sessionId
                    + " has no connected participant");
        }
        if (session.activeConnections().stream().allMatch(c -> c.publishers().isEmpty())) {
            throw new RecordingException(Problem.NOTHING_TO_RECORD, "Nobody publishes in session " + sessionId
                    + ": Kurento has nothing to record");
        }
    }

    /**
     * Stops a started recording through the REST API ({@code recordingStoppedByServer}): it is {@code stopped} at
     * once, and {@code ready} once its files are closed and packed.
     *
     * @throws RecordingException {@code NOT_FOUND}, {@code STILL_STARTING}, {@code NOT_STARTED}
     */
    public Recording stop(String recordingId) {
        Active active;
        synchronized (this) {
            active = byId.get(recordingId);
            if (active == null) {
                if (files.load(recordingId).isPresent()) {
                    throw new RecordingException(Problem.NOT_STARTED, "Recording " + recordingId + " has stopped already");
                }
                throw notFound(recordingId);
            }
            if (active.recording.status() == Status.starting) {
                throw new RecordingException(Problem.STILL_STARTING, "Recording " + recordingId
                        + " is still starting: stop it once it has started");
            }
            if (active.recording.status() != Status.started) {
                throw new RecordingException(Problem.NOT_STARTED, "Recording " + recordingId + " has stopped already");
            }
            stoppedByServer.add(active.recording.sessionId());
        }
        return stopNow(active, EndReason.RECORDING_STOPPED_BY_SERVER);
    }

    /** A recording under way or stored. */
    public Optional<Recording> find(String recordingId) {
        synchronized (this) {
            Active active = byId.get(recordingId);
            if (active != null) {
                return Optional.of(active.recording);
            }
        }
        return files.load(recordingId);
    }

    /** Every recording, stored or under way, oldest first. */
    public List<Recording> list() {
        Map<String, Recording> all = new LinkedHashMap<>();
        for (Recording stored : files.loadAll()) {
            all.put(stored.id(), stored);
        }
        synchronized (this) {
            for (Active active : byId.values()) {
                all.put(active.recording.id(), active.recording);
            }
        }
        List<Recording> sorted = new ArrayList<>(all.values());
        sorted.sort((a, b) -> a.createdAt() != b.createdAt() ? Long.compare(a.createdAt(), b.createdAt())
                : a.id().compareTo(b.id()));
        return sorted;
    }

    /**
     * Deletes a finished recording's folder.
     *
     * @throws RecordingException {@code IN_PROGRESS} while it is recorded or packed, {@code NOT_FOUND}
     */
    public void delete(String recordingId) {
        synchronized (this) {
            if (byId.containsKey(recordingId)) {
                throw new RecordingException(Problem.IN_PROGRESS, "Recording " + recordingId
                        + " is being recorded: stop it first");
            }
            if (files.load(recordingId).isEmpty() || !files.delete(recordingId)) {
                throw notFound(recordingId);
            }
        }
        log.info("Recording {} deleted", recordingId);
    }

    /** A file of a recording, to download; empty when there is none of that name (or the name is not plain). */
    public Optional<Path> file(String recordingId, String fileName) {
        return files.downloadable(recordingId, fileName);
    }

    /** Whether the session's recording is starting or started (OpenVidu's session {@code recording}). */
    public synchronized boolean isBeingRecorded(String sessionId) {
        return bySession.containsKey(sessionId);
    }

    /**
     * The session's recording under way (starting or started), when participants of {@code role} are told of
     * recordings: what a joinRoom answer names ({@code recordingId}, {@code recordingName}), as openvidu-server's.
     */
    public synchronized Optional<Recording> announcedTo(String sessionId, Role role) {
        Active active = bySession.get(sessionId);
        return active == null || !properties.notification().roles().contains(role) ? Optional.empty()
                : Optional.of(active.recording);
    }

    /** Completes once the recording is ready or failed; for a finished one at once. */
    public CompletableFuture<Recording> finished(String recordingId) {
        synchronized (this) {
            Active active = byId.get(recordingId);
            if (active != null) {
                return active.done.copy();
            }
        }
        return files.load(recordingId).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(notFound(recordingId)));
    }

    // ---- RoomMediaListener

    /** recordingMode ALWAYS starts at the first publish; any publish ends an auto-stop countdown. */
    @Override
    public void streamPublished(Room room, PublishedStream stream) {
        boolean startAlways;
        synchronized (this) {
            Active active = bySession.get(room.id());
            if (active != null && active.autostop != null) {
                active.autostop.cancel(false);
                active.autostop = null;
                log.info("Recording {}: {} publishes, automatic stop cancelled", active.recording.id(),
                        stream.streamId());
            }
            startAlways = enabled() && active == null && room.properties().recordingMode() == RecordingMode.ALWAYS
                    && !stoppedByServer.contains(room.id());
        }
        if (startAlways) {
            worker.execute(() -> startAlways(room));
        }
    }

    /**
     * The last stream ended (the Kurento side says so only once per recording; a stream published after an auto-stop
     * countdown was cancelled and ended again is seen here).
     */
    @Override
    public CompletionStage<Void> streamEnding(Room room, PublishedStream stream, EndReason reason) {
        Active active;
        synchronized (this) {
            active = bySession.get(room.id());
        }
        if (active != null && reason != EndReason.MEDIA_SERVER_DISCONNECT) {
            nobodyPublishes(active);
        }
        return DONE;
    }

    /** The session's recording stops (and its files close) before the pipeline goes. */
    @Override
    public CompletionStage<Void> roomClosing(Room room, EndReason reason) {
        EndReason why = LAST_PARTICIPANT_LEFT.contains(reason) ? EndReason.LAST_PARTICIPANT_LEFT : reason;
        Active active;
        boolean starting;
        synchronized (this) {
            stoppedByServer.remove(room.id());
            active = bySession.get(room.id());
            if (active == null) {
                return stoppingIn(room);
            }
            starting = active.recording.status() == Status.starting;
            if (starting) {
                active.stopWhenStarted = why;
            }
        }
        if (!starting) {
            stopNow(active, why);
        }
        return active.filesClosed;
    }

    // ---- the state machine

    /**
     * {@code starting → started}. Each recording's changes happen under its own monitor, status, metadata, fact and
     * notification together, so that they go out in order (a stop never overtakes its start).
     */
    private Recording started(Active active, MediaRecording recorder) {
        EndReason stopAtOnce;
        Recording started;
        synchronized (active) {
            synchronized (this) {
                active.media = recorder;
                stopAtOnce = active.lost != null ? EndReason.MEDIA_SERVER_DISCONNECT : active.stopWhenStarted;
                active.recording = active.recording.withStatus(Status.started);
                started = active.recording;
            }
            persist(active);
            publish(started);
            log.info("Recording {} started", started.id());
            tell(active, started, null);
        }
        if (stopAtOnce != null) {
            stopNow(active, stopAtOnce);
        }
        return started;
    }

    private Recording notStarted(Active active, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        boolean nothing = cause instanceof RecordingMediaException refused && refused.noStreams();
        Recording failed = active.recording.finished(0, 0, "Kurento could not start it: " + cause.getMessage());
        synchronized (active) {
            synchronized (this) {
                active.recording = failed;
            }
            forget(active);
            persist(active);
            publish(failed);
        }
        active.filesClosed.complete(null);
        active.done.complete(failed);
        log.warn("Recording {} could not start: {}", failed.id(), cause.getMessage());
        throw new RecordingException(nothing ? Problem.NOTHING_TO_RECORD : Problem.MEDIA_FAILED,
                "Recording " + failed.id() + " could not start: " + cause.getMessage());
    }

    /** {@code started → stopped}, then closes the files, then packs them ({@code ready} or {@code failed}). */
    private Recording stopNow(Active active, EndReason reason) {
        Recording stopped;
        synchronized (active) {
            synchronized (this) {
                if (active.recording.status() != Status.started) {
                    return active.recording; // stopped already (the session closing and a REST stop at once)
                }
                active.recording = active.recording.stopped(reason);
                stopped = active.recording;
                bySession.remove(stopped.sessionId(), active);
                if (active.autostop != null) {
                    active.autostop.cancel(false);
                    active.autostop = null;
                }
            }
            persist(active);
            publish(stopped);
            log.info("Recording {} stopped ({})", stopped.id(), reason.wireName());
            tell(active, stopped, reason);
        }
        CompletableFuture<RecordedMedia> closing;
        try {
            closing = active.media.stop();
        } catch (RuntimeException failed) {
            closing = CompletableFuture.failedFuture(failed);
        }
        closing.whenComplete((recorded, failure) -> active.filesClosed.complete(null))
                .whenCompleteAsync((recorded, failure) -> pack(active, recorded, failure), worker);
        return stopped;
    }

    private void pack(Active active, RecordedMedia recorded, Throwable failure) {
        Recording stopped;
        String lost;
        synchronized (this) {
            stopped = active.recording;
            lost = active.lost;
        }
        String failed = lost != null ? "Kurento went away: " + lost
                : failure != null ? "Kurento did not close the files: " + failure.getMessage() : null;
        Recording finished;
        try {
            List<RecordedFile> media = recorded != null ? recorded.files() : files.leftMedia(stopped.id());
            RecordingFiles.Packed packed = files.pack(stopped, media);
            finished = stopped.finished(packed.size(), packed.duration(), failed);
        } catch (IOException | RuntimeException unpacked) {
            log.warn("Recording {}: its files could not be packed", stopped.id(), unpacked);
            finished = stopped.finished(0, 0, failed != null ? failed : "its files could not be packed: " + unpacked);
        }
        synchronized (active) {
            synchronized (this) {
                active.recording = finished;
            }
            persist(active);
            forget(active);
            publish(finished);
        }
        log.info("Recording {} {}: {} bytes, {} s{}", finished.id(), finished.status(), finished.size(),
                finished.duration(), failed != null ? " (" + failed + ")" : "");
        active.done.complete(finished);
    }

    private void mediaWentAway(Active active, String reason) {
        boolean stop;
        synchronized (this) {
            active.lost = reason;
            stop = active.recording.status() == Status.started;
        }
        log.warn("Recording {}: Kurento went away ({})", active.recording.id(), reason);
        if (stop) {
            stopNow(active, EndReason.MEDIA_SERVER_DISCONNECT);
        }
    }

    /**
     * Every stream ended: the recording stops after {@code autostop-timeout} unless someone publishes first. The stop
     * runs on the worker even with a timeout of 0, so that a session closing right then (its streams end first) stops
     * the recording with its own reason.
     */
    private void nobodyPublishes(Active active) {
        long timeout = properties.autostopTimeout().toMillis();
        if (!active.room.publishedStreams().isEmpty()) {
            return; // told late (the Kurento side says so once its files closed): someone publishes again already
        }
        synchronized (this) {
            if (active.recording.status() != Status.started || active.autostop != null) {
                return;
            }
            log.info("Recording {}: nobody publishes; it stops in {} s unless someone does", active.recording.id(),
                    timeout / 1000.0);
            active.autostop = worker.schedule(() -> autostop(active), timeout, TimeUnit.MILLISECONDS);
        }
    }

    /** openvidu-server's reasons: {@code automaticStop}, or {@code lastParticipantLeft} at once with nobody left. */
    private void autostop(Active active) {
        synchronized (this) {
            if (active.autostop == null) {
                return; // someone published meanwhile
            }
            active.autostop = null;
        }
        if (!active.room.publishedStreams().isEmpty()) {
            return; // a publish raced with the countdown's start
        }
        boolean nobodyLeft = !active.room.snapshot().isActive();
        stopNow(active, nobodyLeft && properties.autostopTimeout().isZero() ? EndReason.LAST_PARTICIPANT_LEFT
                : EndReason.AUTOMATIC_STOP);
    }

    private void startAlways(Room room) {
        try {
            Recording recording = start(room.id(), room.properties().defaultRecordingProperties()).join();
            log.info("Recording {} started by itself (recordingMode ALWAYS)", recording.id());
        } catch (RecordingException | CompletionException notStarted) {
            log.info("Session {} (recordingMode ALWAYS) not recorded: {}", room.id(), notStarted.getMessage());
        }
    }

    /** A recording of the room being stopped (its files still closing), or nothing to await. */
    private synchronized CompletionStage<Void> stoppingIn(Room room) {
        for (Active active : byId.values()) {
            if (active.room == room) {
                return active.filesClosed;
            }
        }
        return DONE;
    }

    /**
     * Writes the recording's metadata as it is now. One writer per recording at a time, and always its latest status:
     * Kurento's answer (started) and a REST stop may both be saving it.
     */
    private void persist(Active active) {
        synchronized (active) {
            Recording now;
            synchronized (this) {
                now = active.recording;
            }
            files.save(now);
        }
    }

    private synchronized void forget(Active active) {
        byId.remove(active.recording.id(), active);
        bySession.remove(active.recording.sessionId(), active);
    }

    private void publish(Recording recording) {
        EndReason reason = recording.status() == Status.started ? null : recording.reason();
        facts.publish(new Fact.RecordingStatusChanged(recording.sessionId(), recording.sessionCreatedAt(),
                clock.millis(), recording.asFact(), recording.status().name(), reason));
    }

    /** recordingStarted ({@code reason} null) or recordingStopped, to the roles the configuration names. */
    private void tell(Active active, Recording recording, EndReason reason) {
        if (properties.notification().roles().isEmpty()) {
            return;
        }
        active.room.tell(properties.notification().roles(), link -> {
            if (reason == null) {
                link.recordingStarted(recording.id(), recording.name());
            } else {
                link.recordingStopped(recording.id(), recording.name(), reason);
            }
        });
    }

    private static RecordingException notFound(String recordingId) {
        return new RecordingException(Problem.NOT_FOUND, "No recording " + LogSafe.quote(recordingId));
    }

    /**
     * Stops what is still recorded ({@code openviduServerStopped}) and waits a little for the files to be packed, so
     * that a clean shutdown leaves recordings ready rather than cut.
     */
    @Override
    public void close() {
        List<Active> under;
        synchronized (this) {
            under = new ArrayList<>(byId.values());
        }
        for (Active active : under) {
            if (active.recording.status() == Status.started) {
                stopNow(active, EndReason.OPENVIDU_SERVER_STOPPED);
            }
        }
        try {
            CompletableFuture.allOf(under.stream().map(a -> a.done).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException late) {
            log.warn("Recordings not finished at shutdown: they will be marked failed at the next start");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
    }
}
