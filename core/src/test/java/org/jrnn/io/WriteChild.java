package org.jrnn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code WriteChild FILE FLOATS}: writes one tensor of FLOATS floats to FILE with {@link SafeTensors#write}; on an
 * IOException prints its message to stderr and exits 3. The child of {@link DiskFaultTest}'s file-size-limit case.
 */
final class WriteChild {
    private WriteChild() {}

    public static void main(String[] args) {
        float[] data = new float[Integer.parseInt(args[1])];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        try {
            SafeTensors.write(Path.of(args[0]), Map.of("w", SafeTensors.Tensor.f32(data, data.length)), null);
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
