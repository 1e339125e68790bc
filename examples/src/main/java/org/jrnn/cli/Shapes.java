package org.jrnn.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.jrnn.io.SafeTensors;

/** Formatting of tensor lists for the commands' output. */
final class Shapes {
    private Shapes() {}

    /** {@code output [3, 5, 10], h_n [4, 3, 5], …}, with the grad.* parameters summarised as a count. */
    static String list(Map<String, SafeTensors.Tensor> tensors) {
        long params = tensors.keySet().stream().filter(n -> n.startsWith(Names.GRAD_PREFIX)).count();
        String main = tensors.entrySet().stream().filter(e -> !e.getKey().startsWith(Names.GRAD_PREFIX))
                .map(e -> e.getKey() + " " + Arrays.toString(e.getValue().shape()))
                .collect(Collectors.joining(", "));
        return params == 0 ? main : main + " and " + params + " parameter gradients grad.*";
    }
}
