package io.vidgate.bench.brokerload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and heap of the processes a round measures (the gateway and the broker, or openvidu-server), and of the
 * client itself: CPU from {@code /proc/<pid>/stat}, heap after a full GC from {@code jcmd}.
 */
final class ProcessMeter {

    /** Linux's USER_HZ, the unit of /proc/<pid>/stat's utime and stime: 100 on every mainstream kernel. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    /** G1's and Parallel's GC.heap_info: "garbage-first heap   total 524288K, used 23456K [0x…". */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K, used (\\d+)K");

    record Measured(String name, long pid) {
    }

    private final List<Measured> processes;

    /** {@code gateway:123,broker:456}; the client itself is added as {@code client}. */
    ProcessMeter(String spec) {
        List<Measured> parsed = new ArrayList<>();
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                String[] nameAndPid = entry.split(":");
                parsed.add(new Measured(nameAndPid[0].trim(), Long.parseLong(nameAndPid[1].trim())));
            }
        }
        this.processes = List.copyOf(parsed);
    }

    /** CPU milliseconds used so far by each measured process and by this client. */
    Map<String, Long> cpuMillis() {
        Map<String, Long> used = new LinkedHashMap<>();
        for (Measured process : processes) {
            used.put(process.name(), cpuMillis(process.pid()));
        }
        used.put("client", cpuMillis(ProcessHandle.current().pid()));
        return used;
    }

    /** Heap used after a full GC, MB, of each measured process (not the client). */
    Map<String, Double> heapAfterGcMb() throws IOException, InterruptedException {
        Map<String, Double> heap = new LinkedHashMap<>();
        for (Measured process : processes) {
            jcmd(process.pid(), "GC.run");
            Matcher used = HEAP_USED.matcher(jcmd(process.pid(), "GC.heap_info"));
            if (!used.find()) {
                throw new IllegalStateException("no heap figure in jcmd " + process.pid() + " GC.heap_info");
            }
            heap.put(process.name(), Math.round(Long.parseLong(used.group(1)) / 102.4) / 10.0);
        }
        return heap;
    }

    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, utime 14.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException gone) {
            throw new IllegalStateException("process " + pid + " is gone", gone);
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
