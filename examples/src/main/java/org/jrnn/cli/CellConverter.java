package org.jrnn.cli;

import java.util.Iterator;
import java.util.stream.Stream;
import org.jrnn.CellType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses --cell with {@link CellType#parse}: lstm, gru, rnn_tanh, rnn_relu (any case). */
final class CellConverter implements ITypeConverter<CellType> {
    @Override
    public CellType convert(String value) {
        try {
            return CellType.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The cell names, for help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.of(CellType.values()).map(CellType::id).iterator();
        }
    }
}
