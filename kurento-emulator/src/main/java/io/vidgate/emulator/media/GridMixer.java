package io.vidgate.emulator.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video of a Composite: a grid of the latest frame of each input, laid out as KMS's
 * composite mixer does (kmscompositemixer.c): {@code ceil(sqrt(n))} columns, as many rows as
 * needed, inputs in the order they joined; each picture scaled to fit its cell with its aspect
 * ratio kept (black borders, as GStreamer's videoscale adds them). The canvas has a fixed size and
 * rate, the Composite's {@code width}, {@code height} and {@code framerate}.
 *
 * <p>Inputs receive frames on their senders' threads ({@link VideoSink}: kept, never waited on).
 * A clock thread composes the canvas at the rate and hands it to the outputs, while there are
 * any: a Composite nobody records or watches costs nothing.
 */
public final class GridMixer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GridMixer.class);

  private final int width;
  private final int height;
  private final int frameRate;
  private final byte[] black;
  private final Object layoutLock = new Object();
  /** The inputs in grid order; replaced, never changed in place (read by the clock). */
  private volatile List<Tile> tiles = List.of();
  private volatile List<VideoSink> outputs = List.of();
  private final ScheduledExecutorService clock;

  public GridMixer(int width, int height, int frameRate) {
    this.width = width & ~1;
    this.height = height & ~1;
    this.frameRate = frameRate;
    this.black = I420Frame.black(this.width, this.height, frameRate).data();
    this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "kurento-emulator-composite");
      t.setDaemon(true);
      return t;
    });
    clock.scheduleAtFixedRate(this::tick, 0, TimeUnit.SECONDS.toNanos(1) / frameRate,
        TimeUnit.NANOSECONDS);
  }

  /**
   * The inputs now, in grid order, by key (a HubPort): a key seen before keeps its tile and its
   * latest picture; tiles of keys no longer listed go.
   */
  public void inputs(List<?> keys) {
    synchronized (layoutLock) {
      Map<Object, Tile> old = new LinkedHashMap<>();
      tiles.forEach(t -> old.put(t.key, t));
      List<Tile> next = new ArrayList<>();
      for (Object key : keys) {
        Tile t = old.get(key);
        next.add(t != null ? t : new Tile(key));
      }
      int columns = (int) Math.ceil(Math.sqrt(next.size()));
      int rows = next.isEmpty() ? 0 : (int) Math.ceil((double) next.size() / columns);
      for (int i = 0; i < next.size(); i++) {
        next.get(i).place(i, columns, rows);
      }
      tiles = List.copyOf(next);
    }
  }

  /** The input of a key given to {@link #inputs}, or null if it has none. */
  public VideoSink input(Object key) {
    for (Tile t : tiles) {
      if (t.key == key) {
        return t;
      }
    }
    return null;
  }

  /** Where the canvas goes: replaces the previous list. */
  public void outputTo(List<VideoSink> sinks) {
    outputs = List.copyOf(sinks);
  }

  public int inputCount() {
    return tiles.size();
  }

  private void tick() {
    try {
      List<VideoSink> to = outputs;
      if (to.isEmpty()) {
        return;
      }
      byte[] canvas = black.clone();
      for (Tile t : tiles) {
        t.paint(canvas);
      }
      I420Frame frame = new I420Frame(width, height, canvas, frameRate);
      for (VideoSink sink : to) {
        VideoSink.FrameSize size = sink.sizeFor(width, height);
        sink.accept(size.width() == width && size.height() == height ? frame
            : Scaling.scale(frame, size.width(), size.height()));
      }
    } catch (RuntimeException e) {
      log.warn("Composite tick failed", e);
    }
  }

  @Override
  public void close() {
    outputs = List.of();
    clock.shutdownNow();
  }

  /** One input's cell and latest picture. */
  private final class Tile implements VideoSink {
    final Object key;
    final AtomicReference<I420Frame> latest = new AtomicReference<>();
    volatile int cellLeft;
    volatile int cellTop;
    volatile int cellWidth;
    volatile int cellHeight;

    Tile(Object key) {
      this.key = key;
    }

    void place(int index, int columns, int rows) {
      cellWidth = (width / columns) & ~1;
      cellHeight = (height / rows) & ~1;
      cellLeft = (index % columns) * cellWidth;
      cellTop = (index / columns) * cellHeight;
    }

    @Override
    public FrameSize sizeFor(int frameWidth, int frameHeight) {
      return new FrameSize(frameWidth, frameHeight).fitIn(cellWidth, cellHeight);
    }

    @Override
    public void accept(I420Frame frame) {
      latest.set(frame);
    }

    void paint(byte[] canvas) {
      I420Frame picture = latest.get();
      if (picture == null) {
        return;
      }
      FrameSize fit = sizeFor(picture.width(), picture.height());
      if (fit.width() != picture.width() || fit.height() != picture.height()) {
        // The layout changed since it arrived: scaled here until the sender's next frame.
        picture = Scaling.scale(picture, fit.width(), fit.height());
      }
      int left = (cellLeft + (cellWidth - fit.width()) / 2) & ~1;
      int top = (cellTop + (cellHeight - fit.height()) / 2) & ~1;
      Scaling.paste(picture, canvas, width, height, left, top);
    }
  }
}
