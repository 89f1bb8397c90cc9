package io.vidgate.bench.edgeping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of processes over a window, from {@code /proc/<pid>/stat} (Linux): each watched process with its
 * descendants (nginx's worker is its master's child), and everything outside the bench's process tree — other work
 * on the machine that competes for the same cores, reported so that a disturbed run can be told from a quiet one.
 * Processes that both start and end inside the window are not seen.
 */
final class CpuAccounting {

    /** USER_HZ: 100 on every Linux this bench runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Proc(long ppid, long ticks) {
    }

    record Snapshot(long nanos, Map<Long, Proc> procs) {
    }

    private final long root;                 // the bench's own tree (the run script); 0: this process
    private final Map<String, Long> watched; // name → pid

    CpuAccounting(long root, Map<String, Long> watched) {
        this.root = root == 0 ? ProcessHandle.current().pid() : root;
        this.watched = watched;
    }

    /** "gateway:123,nginx:456" */
    static Map<String, Long> parseWatch(String spec) {
        Map<String, Long> watched = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String item : spec.split(",")) {
                String[] parts = item.split(":");
                watched.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return watched;
    }

    Snapshot snapshot() {
        Map<Long, Proc> procs = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after "(comm) ": state ppid … utime(12th) stime(13th)
                    procs.put(Long.parseLong(p.getFileName().toString()),
                            new Proc(Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return new Snapshot(System.nanoTime(), Map.of());
        }
        return new Snapshot(System.nanoTime(), procs);
    }

    /** Percent of one core over the window: each watched process (with descendants), then "others". */
    Map<String, Double> usage(Snapshot from, Snapshot to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        Map<String, Double> usage = new LinkedHashMap<>();
        for (Map.Entry<String, Long> w : watched.entrySet()) {
            usage.put(w.getKey(), percent(delta(from, to, w.getValue(), true), seconds));
        }
        usage.put("others", percent(delta(from, to, root, false), seconds));
        return usage;
    }

    /** Ticks spent in the tree of {@code pid} (inside) or outside it. */
    private static long delta(Snapshot from, Snapshot to, long pid, boolean inside) {
        long ticks = 0;
        for (Map.Entry<Long, Proc> p : to.procs().entrySet()) {
            if (isIn(p.getKey(), pid, to.procs()) == inside) {
                Proc before = from.procs().get(p.getKey());
                ticks += p.getValue().ticks() - (before == null ? 0 : before.ticks());
            }
        }
        return ticks;
    }

    private static boolean isIn(long pid, long ancestor, Map<Long, Proc> procs) {
        for (int depth = 0; pid > 1 && depth < 64; depth++) {
            if (pid == ancestor) {
                return true;
            }
            Proc p = procs.get(pid);
            if (p == null) {
                return false;
            }
            pid = p.ppid();
        }
        return false;
    }

    private static double percent(long ticks, double seconds) {
        return seconds <= 0 ? 0 : 100.0 * ticks / TICKS_PER_SECOND / seconds;
    }
}
