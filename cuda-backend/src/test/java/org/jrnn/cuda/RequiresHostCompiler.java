package org.jrnn.cuda;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a host-emulation test class only where g++ can build the kernels for the CPU; prints the reason otherwise. */
final class RequiresHostCompiler implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("class-level decision");
        }
        String reason = HostDevice.unavailableReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("g++ found");
        }
        System.out.println("[" + context.getDisplayName() + "] skipped: " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
