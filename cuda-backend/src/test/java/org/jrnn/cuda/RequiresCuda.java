package org.jrnn.cuda;

import org.jrnn.backend.Probe;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a GPU test class only where the cuda provider's probe says available; elsewhere the whole class (its
 * {@code @BeforeAll} included) is skipped, and the probe's reason is printed so that it shows in Maven's output as
 * well as in the JUnit report.
 */
final class RequiresCuda implements ExecutionCondition {
    private static Probe probe;

    static synchronized Probe probe() {
        if (probe == null) {
            probe = new CudaProvider().probe();
        }
        return probe;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("class-level decision");
        }
        Probe p = probe();
        if (p.available()) {
            return ConditionEvaluationResult.enabled("cuda available: " + p.detail());
        }
        String reason = "cuda backend unavailable, GPU tests skipped: " + p.detail();
        System.out.println("[" + context.getDisplayName() + "] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
