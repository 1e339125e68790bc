package org.jrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jrnn.io.Json;

/**
 * Where a training run stands, enough to resume it bit for bit: the next epoch and batch, optimizer steps taken,
 * the early-stopping bookkeeping and skipped batches. After an epoch's last batch the state is (epoch, batches):
 * that epoch's validation and early-stopping update are still to run; after them it is (epoch + 1, 0). The batch order and dropout masks are functions of the
 * config's seed, the epoch and the batch index, so they need no generator state here.
 */
public record TrainerState(int epoch, int batch, long step, double best, int epochsWithoutImprovement,
                           long skippedBatches) {

    public static final TrainerState START = new TrainerState(0, 0, 0, Double.NaN, 0, 0);

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", (long) epoch);
        m.put("batch", (long) batch);
        m.put("step", step);
        m.put("best", Long.toHexString(Double.doubleToRawLongBits(best)));
        m.put("epochs_without_improvement", (long) epochsWithoutImprovement);
        m.put("skipped_batches", skippedBatches);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    public static TrainerState fromJson(String json) {
        try {
            Map<String, Object> m = (Map<String, Object>) Json.parse(json);
            return new TrainerState(((Long) m.get("epoch")).intValue(), ((Long) m.get("batch")).intValue(),
                    (Long) m.get("step"), Double.longBitsToDouble(Long.parseUnsignedLong((String) m.get("best"), 16)),
                    ((Long) m.get("epochs_without_improvement")).intValue(), (Long) m.get("skipped_batches"));
        } catch (Json.ParseException | ClassCastException | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("trainer state is not valid: " + e.getMessage() + " in " + json, e);
        }
    }
}
