package org.jrnn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jrnn.bench.report.Derive;
import org.jrnn.bench.report.Kind;
import org.jrnn.bench.report.PeakSummary;
import org.jrnn.bench.report.PeerFiles;
import org.jrnn.bench.report.ReportData;
import org.jrnn.bench.report.ReportWriter;
import org.jrnn.bench.report.ResultCsv;
import org.jrnn.bench.report.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from a synthetic result list: Markdown, CSV and PNGs, derived columns, peers present and missing. */
class ReportWriterTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    private static List<ResultRow> own() {
        return List.of(
                ResultRow.measured(Kind.FORWARD, "h256", "64x100x256x256", "lstm", "cpu-simd", 20.0, 0.5, 22.0, 100),
                ResultRow.measured(Kind.FORWARD, "h256", "64x100x256x256", "lstm", "reference", 2000.0, 10, 2100, 3),
                ResultRow.measured(Kind.TRAIN, "stock", "64x100x1x50", "gru", "cpu-simd", 5.0, 0.1, 6.0, 400),
                ResultRow.measured(Kind.TRAIN, "sentiment", "64x200x128x128", "lstm", "cpu-simd", 100.0, 1, 110, 50),
                ResultRow.measured(Kind.MODEL, "sentiment", "64x200x128x128", "lstm", "cpu-simd", 105.0, 1, 115, 40),
                ResultRow.measured(Kind.STEP, "step256", "1x1x256x256", "rnn_tanh", "cpu-simd", 12.5, 0.2, 20, 9000),
                ResultRow.measured(Kind.GEMM, "sq1024", "1024x1024x1024", "sgemm", "cpu-simd", 20.0, 0.3, 21, 50),
                ResultRow.notRun(Kind.FORWARD, "h256", "64x100x256x256", "lstm", "cuda", ResultRow.SKIPPED,
                        "no CUDA driver: libcuda.so.1 not found"));
    }

    @Test
    void writesMarkdownCsvAndCharts() throws Exception {
        Path peer = dir.resolve("peer.csv");
        ResultCsv.write(peer, List.of(
                ResultRow.measured(Kind.FORWARD, "h256", "64x100x256x256", "lstm", "pytorch-cpu", 40.0, 1, 45, 20),
                ResultRow.measured(Kind.FORWARD, "h512", "64x100x512x512", "lstm", "pytorch-cpu", 90.0, 1, 95, 20),
                ResultRow.measured(Kind.MODEL, "sentiment", "64x200x128x128", "lstm", "pytorch-cpu", 175.0, 1, 180, 9)));
        List<String> notes = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>(own());
        Set<String> problems = new java.util.HashSet<>();
        rows.forEach(r -> problems.add(r.problemKey()));
        rows.addAll(PeerFiles.load(List.of(peer, dir.resolve("absent.csv")), problems, notes));
        PeakSummary peak = new PeakSummary(180, 360, 2, Double.NaN, "");
        List<ResultRow> done = Derive.complete(rows, peak, "cpu-simd");
        peak = Derive.withSgemmBest(peak, done, "cpu-simd");

        Path md = ReportWriter.write(new ReportData("quick", "cpu-simd", List.of("cpu: test"), peak, done, notes,
                PeerFiles.backends(rows.subList(own().size(), rows.size()))), dir);

        String text = Files.readString(md);
        assertTrue(text.contains("| h256 | 64x100x256x256 | lstm | pytorch-cpu | 40.0 |"), text);
        assertTrue(text.contains("| cuda | SKIPPED |"), text);
        assertTrue(text.contains("no CUDA driver"), text);
        assertTrue(text.contains("peer file " + dir.resolve("absent.csv") + " missing"), text);
        assertTrue(text.contains("0.50×"), "pytorch at twice the time is 0.5x the baseline:\n" + text);
        assertTrue(text.contains("sq1024 (1024x1024x1024)"), "sgemm best shape in the peak table:\n" + text);
        assertTrue(text.contains("## model: full training step"), text);
        assertTrue(text.contains("| sentiment | 64x200x128x128 | lstm | pytorch-cpu | 175 |"), text);
        assertTrue(text.contains("sentiment (64x200x128x128), cpu-simd: model / train = 1.050 (105 / 100 ms;"
                + " target ≤ 1.10: met)"), text);
        assertTrue(text.contains("sentiment: cpu-simd / pytorch-cpu (model) = 0.600 (target ≤ 0.67: met)"), text);
        assertTrue(text.indexOf("## train:") < text.indexOf("## model:")
                && text.indexOf("## model:") < text.indexOf("## step:"), "the model table follows train's");
        ResultRow model = Derive.complete(List.of(ResultRow.measured(Kind.MODEL, "sentiment", "64x200x128x128",
                "lstm", "cpu-simd", 100.0, 1, 110, 50)), peak, "cpu-simd").get(0);
        double lstmFlops = 2.0 * 200 * 64 * 4 * 128 * (128 + 128);
        assertEquals(3 * lstmFlops / 100e-3 / 1e9, model.gflops(), 1e-6 * model.gflops(), "3 x the LSTM forward");

        List<ResultRow> back = ResultCsv.read(dir.resolve(ReportWriter.CSV));
        assertEquals(10, back.size(), "own rows plus two matching peer rows (h512 was not run)");
        ResultRow lstm = back.stream().filter(r -> r.backend().equals("cpu-simd") && r.cell().equals("lstm"))
                .findFirst().orElseThrow();
        double flops = 2.0 * 100 * 64 * 4 * 256 * (256 + 256);
        assertEquals(flops / 20e-3 / 1e9, lstm.gflops(), 1e-3 * lstm.gflops());
        assertEquals(lstm.gflops() / 360, lstm.peakFraction(), 1e-4);
        assertEquals(1.0, lstm.vsBaseline(), 1e-9);

        Path charts = dir.resolve("charts");
        for (String png : List.of("forward-lstm.png", "train-gru.png", "model-lstm.png", "step-rnn_tanh.png",
                "gemm-sgemm.png")) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(charts.resolve(png)), 4);
            assertArrayEquals(PNG_MAGIC, head, png);
            assertTrue(text.contains("charts/" + png), "Markdown links " + png);
        }
    }

    /**
     * A second peer (oneDNN) beside PyTorch: each gets its own rows and ratio to the baseline, its model row is held
     * to no target, and its skipped rows land in "Not measured" under its own name.
     */
    @Test
    void secondPeerSitsBesidePyTorch() throws Exception {
        Path torch = dir.resolve("pytorch-cpu.csv");
        Path onednn = dir.resolve("onednn-cpu.csv");
        ResultCsv.write(torch, List.of(
                ResultRow.measured(Kind.FORWARD, "h256", "64x100x256x256", "lstm", "pytorch-cpu", 40.0, 1, 45, 20)));
        ResultCsv.write(onednn, List.of(
                ResultRow.measured(Kind.FORWARD, "h256", "64x100x256x256", "lstm", "onednn-cpu", 25.0, 1, 27, 30),
                ResultRow.measured(Kind.TRAIN, "sentiment", "64x200x128x128", "lstm", "onednn-cpu", 120.0, 1, 125, 20),
                ResultRow.measured(Kind.MODEL, "sentiment", "64x200x128x128", "lstm", "onednn-cpu", 150.0, 1, 160, 9),
                ResultRow.notRun(Kind.STEP, "step256", "1x1x256x256", "rnn_tanh", "onednn-cpu", ResultRow.SKIPPED,
                        "not available in this peer")));
        List<String> notes = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>(own());
        Set<String> problems = new java.util.HashSet<>();
        rows.forEach(r -> problems.add(r.problemKey()));
        List<ResultRow> peerRows = PeerFiles.load(List.of(torch, onednn), problems, notes);
        assertEquals(Set.of("pytorch-cpu", "onednn-cpu"), PeerFiles.backends(peerRows));
        rows.addAll(peerRows);
        PeakSummary peak = new PeakSummary(180, 360, 2, Double.NaN, "");
        List<ResultRow> done = Derive.complete(rows, peak, "cpu-simd");

        String text = Files.readString(ReportWriter.write(new ReportData("quick", "cpu-simd", List.of("cpu: test"),
                peak, done, notes, PeerFiles.backends(peerRows)), dir));

        assertTrue(text.contains("| h256 | 64x100x256x256 | lstm | pytorch-cpu | 40.0 |"), text);
        assertTrue(text.contains("| h256 | 64x100x256x256 | lstm | onednn-cpu | 25.0 |"), text);
        assertTrue(text.contains("0.80×"), "oneDNN at 25 ms against the baseline's 20 ms is 0.8x:\n" + text);
        assertTrue(text.contains("sentiment (64x200x128x128), onednn-cpu: model / train = 1.250 (150 / 120 ms; peer,"
                + " for comparison)"), text);
        assertTrue(text.contains("| onednn-cpu | SKIPPED | 1 | step/step256/rnn_tanh | not available in this peer |"),
                text);
        assertTrue(notes.contains("peer file " + onednn + ": 4 matching rows merged"), notes.toString());
    }

    @Test
    void missingOrBrokenPeerIsANoteNotAFailure() throws Exception {
        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "foo,bar\n1,2\n");
        List<String> notes = new ArrayList<>();
        List<ResultRow> rows = PeerFiles.load(List.of(dir.resolve("nope.csv"), broken), Set.of("forward|h256|lstm"),
                notes);
        assertTrue(rows.isEmpty());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("missing"), notes.get(0));
        assertTrue(notes.get(1).contains("no column 'kind'"), notes.get(1));
    }

    @Test
    void csvRoundTripKeepsQuotedNotes() throws Exception {
        Path f = dir.resolve("r.csv");
        ResultRow r = ResultRow.notRun(Kind.STEP, "step128", "1x1x128x128", "gru", "cuda", ResultRow.FAILED,
                "it said \"no\", twice");
        ResultCsv.write(f, List.of(r));
        ResultRow back = ResultCsv.read(f).get(0);
        assertEquals(r.note(), back.note());
        assertEquals(ResultRow.FAILED, back.status());
        assertTrue(Double.isNaN(back.median()));
    }
}
