package io.vidgate.emulator.objects;

import java.util.function.IntSupplier;

/**
 * What ServerManager reports as CPU and memory use. By default it grows with the number of live
 * objects (1% CPU and 1 MiB per object over a 50 MiB base) so that a busier emulator looks
 * busier; tests of load-based placement can pin either value.
 */
public final class ReportedLoad {

  private final IntSupplier liveObjects;
  private volatile Float cpuPercent;
  private volatile Long memoryKiB;

  ReportedLoad(IntSupplier liveObjects) {
    this.liveObjects = liveObjects;
  }

  /** Pins the values; null returns a value to its object-count default. */
  public void set(Float cpuPercent, Long memoryKiB) {
    this.cpuPercent = cpuPercent;
    this.memoryKiB = memoryKiB;
  }

  public float cpuPercent() {
    Float pinned = cpuPercent;
    return pinned != null ? pinned : Math.min(100f, liveObjects.getAsInt());
  }

  /** KMS reports its resident memory in KiB. */
  public long memoryKiB() {
    Long pinned = memoryKiB;
    return pinned != null ? pinned : 51_200L + 1_024L * liveObjects.getAsInt();
  }
}
