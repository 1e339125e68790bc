package org.jrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.Loss;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainingReport;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Trains a sequence model (optional embedding → recurrent stack → readout → linear head) on a safetensors file and
 * writes its parameters under PyTorch's names with the model spec in the metadata. The flags are checked first
 * ({@link TrainFlags}, usage errors), then the files against them ({@link TrainingData}, data errors).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {
                "rnn train --data D.safetensors --out W.safetensors",
                "    --cell lstm|gru|rnn_tanh|rnn_relu --hidden H [--layers L]",
                "    [--bidirectional] [--no-bias] [--dropout P]",
                "    [--embedding E --vocab V [--padding-idx K]]",
                "    --readout last|mean|max|all --outputs O",
                "    --loss mse|bce|ce [--class-weights w0,w1,...]",
                "    --optimizer sgd|adam|adamw --lr X [--momentum M] [--dampening D]",
                "    [--nesterov] [--weight-decay W] [--betas B1,B2] [--eps E]",
                "    [--clip-norm N | --clip-value V]",
                "    --batch B (--epochs N | --steps K) [--no-shuffle] [--seed S]",
                "    [--init W0.safetensors] [--freeze embedding,rnn,head]",
                "    [--losses FILE.csv] [--backend NAME] [--quiet] [--debug]"},
        footer = {"", "Progress: a bar per epoch on a terminal, else one line per epoch; --quiet prints nothing but"
                + " errors."},
        description = {"Trains an RNN/LSTM/GRU sequence model on a safetensors file and writes its weights.",
                "The data file holds input [N, T, I] float32 or tokens [N, T] int32/int64, optional lengths [N],"
                        + " and target: [N, O] float32 (mse, bce; readout last, mean, max), [N, T, O] float32"
                        + " (readout all) or [N] int class ids (ce)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "D.safetensors",
            description = "Training data: input or tokens, optional lengths, and target (see above).")
    Path data;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "W.safetensors",
            description = "Where to write the trained parameters (PyTorch names, the model spec in the metadata).")
    Path out;

    @Option(names = "--cell", required = true, paramLabel = "CELL", converter = CellConverter.class,
            completionCandidates = CellConverter.Names.class, description = "lstm, gru, rnn_tanh or rnn_relu.")
    CellType cell;

    @Option(names = "--hidden", required = true, paramLabel = "H", description = "Hidden size.")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1", description = "Stacked layers (default 1).")
    int layers;

    @Option(names = "--bidirectional", description = "Run every layer in both directions.")
    boolean bidirectional;

    @Option(names = "--no-bias", description = "No bias_ih/bias_hh in the recurrent layers.")
    boolean noBias;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout between recurrent layers during training (default 0).")
    float dropout;

    @Option(names = "--embedding", paramLabel = "E", description = "Embed tokens into E dimensions (tokens data).")
    Integer embedding;

    @Option(names = "--vocab", paramLabel = "V", description = "Vocabulary size; every token id must be below V.")
    Integer vocab;

    @Option(names = "--padding-idx", paramLabel = "K", description = "Token id whose embedding stays zero.")
    Integer paddingIdx;

    @Option(names = "--readout", required = true, paramLabel = "READOUT", converter = ReadoutConverter.class,
            description = "last, mean, max (one output per sequence) or all (one per step).")
    Readout readout;

    @Option(names = "--outputs", required = true, paramLabel = "O",
            description = "Outputs of the head: the target's width, or the number of classes for ce.")
    int outputs;

    @Option(names = "--loss", required = true, paramLabel = "LOSS", converter = LossConverter.class,
            description = "mse, bce (with logits) or ce (softmax cross-entropy on class ids).")
    Loss.Kind loss;

    @Option(names = "--class-weights", hideParamSyntax = true, paramLabel = "w0,w1,...", split = ",",
            description = "ce: a weight per class, as CrossEntropyLoss(weight=...).")
    float[] classWeights;

    @Option(names = "--optimizer", required = true, paramLabel = "OPT", converter = OptimizerConverter.class,
            description = "sgd, adam or adamw (PyTorch's semantics and defaults).")
    OptimizerSpec.Kind optimizer;

    @Option(names = "--lr", required = true, paramLabel = "X", description = "Learning rate.")
    float lr;

    @Option(names = "--momentum", paramLabel = "M", description = "sgd: momentum (default 0).")
    Float momentum;

    @Option(names = "--dampening", paramLabel = "D", description = "sgd: dampening (default 0).")
    Float dampening;

    @Option(names = "--nesterov", description = "sgd: Nesterov momentum (needs --momentum > 0).")
    boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "W",
            description = "Weight decay (default 0; adamw: 0.01, decoupled).")
    Float weightDecay;

    @Option(names = "--betas", hideParamSyntax = true, paramLabel = "B1,B2", split = ",",
            description = "adam, adamw: the moments' decay rates (default 0.9,0.999).")
    float[] betas;

    @Option(names = "--eps", paramLabel = "E", description = "adam, adamw: added to the denominator (default 1e-8).")
    Float eps;

    @Option(names = "--clip-norm", paramLabel = "N", description = "Clip the gradients' global norm to N.")
    Float clipNorm;

    @Option(names = "--clip-value", paramLabel = "V", description = "Clip every gradient element to [-V, V].")
    Float clipValue;

    @Option(names = "--batch", required = true, paramLabel = "B",
            description = "Sequences per batch (the last batch of an epoch may be smaller).")
    int batch;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (this or --steps).")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "K", description = "Optimizer steps to take (this or --epochs).")
    Long steps;

    @Option(names = "--no-shuffle", description = "Keep the data's order: batch k is rows [kB, (k+1)B).")
    boolean noShuffle;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the initialisation, the shuffling and dropout (default 0).")
    long seed;

    @Option(names = "--init", paramLabel = "W0.safetensors",
            description = "Start from these parameters (PyTorch names: embedding.weight, rnn.weight_ih_l0, …,"
                    + " head.weight, head.bias) instead of a seeded initialisation.")
    Path init;

    @Option(names = "--freeze", hideParamSyntax = true, paramLabel = "MODULES", split = ",",
            description = "Do not train these modules: embedding, rnn, head.")
    List<String> freeze;

    @Option(names = "--losses", paramLabel = "FILE.csv",
            description = "Write step,epoch,batch,loss for every optimizer step.")
    Path losses;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to train on; default: -Drnn.backend / RNN_BACKEND, else the best available.")
    String backend;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TrainFlags flags = TrainFlags.check(this, spec.commandLine());
        PrintWriter stdout = spec.commandLine().getOut();
        requireFolder(out, "--out");
        if (losses != null) {
            requireFolder(losses, "--losses");
        }
        SequenceDataset d = TrainingData.load(SafeTensors.read(data), new TrainingData.Expect(embedding != null,
                vocab != null ? vocab : 0, loss, readout, outputs));
        boolean quiet = CommonOptions.quiet(spec.root().commandLine().getParseResult());
        if (!quiet) {
            for (String w : TrainingData.warnings(data.toString(), d, loss)) {
                spec.commandLine().getErr().println("rnn: warning: " + w);
            }
        }
        int inputSize = embedding != null ? embedding : d.inputSize();
        ModelSpec model = new ModelSpec(
                embedding == null ? null : new EmbeddingSpec(vocab, embedding, paddingIdx != null ? paddingIdx : -1),
                new RnnSpec(cell, inputSize, hidden, layers, bidirectional, !noBias, dropout), readout,
                HeadSpec.linear(outputs));
        SafeTensorsFile initFile = init != null ? SafeTensors.read(init) : null;
        int batchesPerEpoch = (d.size() + batch - 1) / batch;
        int epochCount = epochs != null ? epochs
                : (int) Math.min(Integer.MAX_VALUE, (steps + batchesPerEpoch - 1) / batchesPerEpoch);
        TrainerConfig config = new TrainerConfig(epochCount, steps != null ? steps : 0, batch, !noShuffle, seed,
                clipNorm != null ? clipNorm : Float.NaN, clipValue != null ? clipValue : Float.NaN, false, 0, null);
        if (dropout > 0f && layers == 1 && !quiet) {
            // As PyTorch warns: dropout acts between layers only, never after the last.
            spec.commandLine().getErr().println("rnn: warning: --dropout " + dropout + " has no effect with"
                    + " --layers 1 (it applies between recurrent layers)");
        }
        try (Backend b = backend != null ? Backends.create(backend) : Backends.create();
             SequenceModel m = SequenceModel.create(b, model)) {
            if (initFile != null) {
                loadInit(m, initFile);
            } else {
                m.initialize(seed);
            }
            m.freeze(flags.frozen().toArray(String[]::new));
            TrainingReport report;
            try (Optimizer opt = new Optimizer(m, flags.optimizer(), List.of());
                 Trainer trainer = new Trainer(m, opt, new Loss(loss, classWeights), config);
                 LossLog log = losses != null ? new LossLog(losses) : null;
                 ProgressListener progress = new ProgressListener(ProgressListener.Mode.detect(quiet), stdout,
                         epochCount)) {
                trainer.addListener(progress);
                if (log != null) {
                    trainer.addListener(log);
                }
                report = trainer.fit(d, null);
            }
            ModelWeights.save(m, out, metadata(b, report));
            if (!quiet) {
                stdout.println("wrote " + out + ": " + m.parameterCount() + " parameters of a "
                        + org.jrnn.io.RnnStateDict.describe(model.rnn()) + (model.hasEmbedding() ? " with an embedding" : "")
                        + ", readout " + readout.id() + ", " + outputs + " output" + (outputs == 1 ? "" : "s")
                        + "; " + report.steps() + " steps on backend " + b.name());
            }
        }
        stdout.flush();
        return 0;
    }

    /** Loads --init strictly (every parameter, nothing else, each of the model's shape); errors name --init. */
    private void loadInit(SequenceModel m, SafeTensorsFile f) throws IOException {
        String savedCell = null;
        if (f.metadata().containsKey(ModelWeights.SPEC_KEY)) {
            try {
                savedCell = ModelWeights.specOf(f).rnn().cell().id();
            } catch (IllegalArgumentException e) {
                // A spec we cannot read says nothing either way; the tensors are checked below.
            }
        }
        if (savedCell != null && !savedCell.equals(cell.id())) {
            throw new IllegalArgumentException("--init " + init + " was saved from a " + savedCell + " model but --cell"
                    + " is " + cell.id());
        }
        try {
            ModelWeights.load(m, f, Set.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init: " + e.getMessage(), e);
        }
    }

    private static void requireFolder(Path file, String flag) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the folder of " + flag + " does not exist: " + dir);
        }
    }

    /** What produced the file: no times or timings, so the same run gives the same bytes. */
    private Map<String, String> metadata(Backend b, TrainingReport report) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("generator", "rnn train");
        m.put("backend", b.name());
        m.put("data", data.toString());
        if (init != null) {
            m.put("init", init.toString());
        }
        m.put("loss", loss.name().toLowerCase(Locale.ROOT));
        m.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        m.put("lr", Float.toString(lr));
        m.put("batch_size", Integer.toString(batch));
        m.put("shuffle", Boolean.toString(!noShuffle));
        m.put("seed", Long.toString(seed));
        m.put("epochs", Integer.toString(report.epochs().size()));
        m.put("steps", Long.toString(report.steps()));
        if (report.last() != null) {
            m.put("final_epoch_loss", Double.toString(report.last().trainLoss()));
        }
        return m;
    }

    static final class ReadoutConverter implements ITypeConverter<Readout> {
        @Override
        public Readout convert(String value) {
            try {
                return Readout.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LossConverter implements ITypeConverter<Loss.Kind> {
        @Override
        public Loss.Kind convert(String value) {
            try {
                return Loss.Kind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class OptimizerConverter implements ITypeConverter<OptimizerSpec.Kind> {
        @Override
        public OptimizerSpec.Kind convert(String value) {
            try {
                return OptimizerSpec.Kind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
