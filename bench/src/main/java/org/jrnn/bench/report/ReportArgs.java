package org.jrnn.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jrnn.CellType;

/**
 * The report command's options.
 *
 * @param backends backends to run, or null for every provider found
 * @param shapes   shape names to run instead of the profile's, or null
 * @param planOnly print what would run and the estimated time, run nothing
 */
public record ReportArgs(Profile profile, List<String> backends, List<String> cells, List<Kind> kinds,
                         List<String> shapes, String baseline, List<Path> peers, Path out, boolean planOnly) {

    public static final String USAGE = """
            usage: report [--quick|--full] [--backends a,b] [--cells rnn_tanh,lstm,gru] [--kinds forward,train,model,step,gemm]
                          [--shapes name,...] [--baseline cpu-simd] [--peers file.csv,...|none] [--out bench/results] [--plan]""";

    public static ReportArgs parse(String... args) {
        Profile profile = Profile.QUICK;
        List<String> backends = null;
        List<String> cells = List.of("rnn_tanh", "lstm", "gru");
        List<Kind> kinds = List.of(Kind.values());
        List<String> shapes = null;
        String baseline = "cpu-simd";
        List<Path> peers = List.of(Path.of("bench/results/pytorch-cpu.csv"),
                Path.of("bench/results/onednn-cpu.csv"));
        Path out = Path.of("bench/results");
        boolean planOnly = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> profile = Profile.QUICK;
                case "--full" -> profile = Profile.FULL;
                case "--plan" -> planOnly = true;
                case "--backends" -> backends = list(value(args, ++i, a));
                case "--cells" -> cells = list(value(args, ++i, a)).stream().map(c -> CellType.parse(c).id()).toList();
                case "--kinds" -> kinds = list(value(args, ++i, a)).stream().map(Kind::parse).toList();
                case "--shapes" -> shapes = list(value(args, ++i, a));
                case "--baseline" -> baseline = value(args, ++i, a).trim().toLowerCase(Locale.ROOT);
                case "--peers" -> {
                    String v = value(args, ++i, a);
                    peers = v.equals("none") ? List.of() : list(v).stream().map(Path::of).toList();
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        return new ReportArgs(profile, backends, cells, kinds, shapes, baseline, peers, out, planOnly);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty list '" + csv + "'");
        }
        return List.copyOf(out);
    }
}
