package org.jrnn.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Result files of other engines (PyTorch, oneDNN …) merged into the report. A missing or unreadable file becomes a note,
 * never a failure; only rows of problems this run measured are kept, so tables stay aligned.
 */
public final class PeerFiles {
    private PeerFiles() {}

    public static List<ResultRow> load(List<Path> files, Set<String> problemKeys, List<String> notes) {
        List<ResultRow> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                notes.add("peer file " + f + " missing");
                continue;
            }
            try {
                int before = out.size();
                for (ResultRow r : ResultCsv.read(f)) {
                    if (problemKeys.contains(r.problemKey())) {
                        out.add(r);
                    }
                }
                notes.add("peer file " + f + ": " + (out.size() - before) + " matching rows merged");
            } catch (IOException | IllegalArgumentException e) {
                notes.add("peer file " + f + " unreadable: " + e.getMessage());
            }
        }
        return out;
    }

    /** The backends of peer rows, in order of appearance (a file per engine: pytorch-cpu, onednn-cpu …). */
    public static Set<String> backends(List<ResultRow> peerRows) {
        Set<String> out = new LinkedHashSet<>();
        peerRows.forEach(r -> out.add(r.backend()));
        return out;
    }
}
