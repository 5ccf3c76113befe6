package dev.contentpay.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux's {@code /proc/.../stat} of a process or a thread: its name, and the CPU time it used (user
 * and system, fields 14 and 15), in the kernel's ticks of USER_HZ, 100 a second on every Linux
 * architecture this runs on.
 */
record ProcStat(String name, long cpuTicks) {

    static final long MILLIS_PER_TICK = 10;

    /** The stat file {@code stat} read now; the name is what stands between its parentheses. */
    static ProcStat read(Path stat) throws IOException {
        String text = Files.readString(stat);
        int open = text.indexOf('('), close = text.lastIndexOf(')');
        if (open < 0 || close < open) throw new IOException("not a stat file: " + stat);
        String[] fields = text.substring(close + 2).split(" ");
        return new ProcStat(text.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    long cpuMillis() {
        return cpuTicks * MILLIS_PER_TICK;
    }
}
