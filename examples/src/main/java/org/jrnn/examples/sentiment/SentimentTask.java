package org.jrnn.examples.sentiment;

import java.util.ArrayList;
import java.util.List;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.data.EncodedTexts;
import org.jrnn.data.Encoder;
import org.jrnn.data.LengthBuckets;
import org.jrnn.data.Tokenizer;
import org.jrnn.data.Vocabulary;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.EarlyStopping;
import org.jrnn.train.Loss;
import org.jrnn.train.Monitor;
import org.jrnn.train.Predictions;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainingListener;
import org.jrnn.train.TrainingReport;
import org.jrnn.train.metrics.Metric;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;

/**
 * The sentiment pipeline: tokenize, learn the vocabulary on the training texts, encode (cut to max-len), train an
 * embedding → LSTM/GRU → readout → linear head with cross-entropy and Adam on length-bucketed batches, stop early on
 * validation accuracy (best weights restored), and score the test texts — next to the bag-of-words baseline trained
 * on the same split.
 */
public final class SentimentTask {
    /** The three parts of the data. */
    public record Data(LabeledTexts train, LabeledTexts validation, LabeledTexts test) {}

    /** What a run measured; the caller owns (and closes) the model. */
    public record Result(SentimentModel model, TrainingReport training, Scores scores, Scores baseline,
                         double baselineLambda, int vocabulary, double trainSeconds, double sequencesPerSecond,
                         double paddingFraction) {}

    private SentimentTask() {}

    public static Result run(Backend backend, Data data, SentimentConfig c, List<TrainingListener> listeners) {
        Tokenizer tokenizer = Tokenizer.defaults();
        List<List<String>> trainTokens = new ArrayList<>(data.train().size());
        for (String t : data.train().texts()) {
            List<String> tokens = tokenizer.tokenize(t);
            trainTokens.add(tokens.subList(0, Math.min(tokens.size(), c.maxLen())));
        }
        Vocabulary vocabulary = Vocabulary.build(trainTokens, c.minFreq(), c.vocabSize());
        Encoder encoder = new Encoder(tokenizer, vocabulary, c.maxLen());
        EncodedTexts trainIds = encoder.encodeAll(data.train().texts());
        EncodedTexts validIds = encoder.encodeAll(data.validation().texts());
        EncodedTexts testIds = encoder.encodeAll(data.test().texts());
        SequenceDataset train = SentimentModel.dataset(trainIds, data.train().labels());
        SequenceDataset valid = SentimentModel.dataset(validIds, data.validation().labels());
        SequenceDataset test = SentimentModel.dataset(testIds, data.test().labels());

        ModelSpec spec = new ModelSpec(new EmbeddingSpec(vocabulary.size(), c.embedding(), Vocabulary.PAD_ID),
                new RnnSpec(c.cell(), c.embedding(), c.hidden(), c.layers(), c.bidirectional(), true,
                        c.layers() > 1 ? c.dropout() : 0f),
                c.pool(), new HeadSpec(0, Activation.IDENTITY, c.dropout(), 2));
        SequenceModel network = SequenceModel.create(backend, spec).initialize(c.seed());
        boolean ok = false;
        try {
            LengthBuckets buckets = new LengthBuckets(c.batch(), c.seed());
            int[] lengths = train.lengths();
            TrainerConfig config = TrainerConfig.of(c.epochs(), c.batch(), c.seed())
                    .withEarlyStopping(new EarlyStopping(Monitor.of(Metric.ACCURACY), c.patience(), 0f, true));
            if (!Float.isNaN(c.clipNorm())) {
                config = config.withClipNorm(c.clipNorm());
            }
            TrainingReport report;
            try (Optimizer optimizer = new Optimizer(network, OptimizerSpec.adam(c.lr()), List.of());
                 Trainer trainer = new Trainer(network, optimizer, Loss.of(Loss.Kind.CE), config)) {
                trainer.batchPlan(epoch -> buckets.epoch(lengths, epoch));
                listeners.forEach(trainer::addListener);
                report = trainer.fit(train, valid);
            }
            SentimentModel model = new SentimentModel(encoder, network);
            Scores scores = Scores.of(predicted(model.probabilities(test)), data.test().labels());

            BagOfWords bow = BagOfWords.fit(trainIds.all(), data.train().labels(), validIds.all(),
                    data.validation().labels(), vocabulary.size());
            Scores baseline = Scores.of(bow.predict(testIds.all()), data.test().labels());

            long sequences = 0;
            double seconds = 0;
            for (var e : report.epochs()) {
                sequences += e.sequences();
                seconds += e.seconds();
            }
            double padding = LengthBuckets.paddingFraction(buckets.epoch(lengths, 0), lengths);
            ok = true;
            return new Result(model, report, scores, baseline, bow.lambda(), vocabulary.size(), report.seconds(),
                    seconds > 0 ? sequences / seconds : Double.NaN, padding);
        } finally {
            if (!ok) {
                network.close();
            }
        }
    }

    static int[] predicted(double[] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = probabilities[i] >= 0.5 ? 1 : 0;
        }
        return out;
    }
}
