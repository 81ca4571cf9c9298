package io.opwb.cli;

import java.time.Duration;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as the settings write it: 90s, 10m, 1h (or ISO-8601, PT10M). */
final class Durations implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            if (value.matches("\\d+[smh]")) {
                return Duration.parse("PT" + value.toUpperCase());
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a duration (like 90s, 10m, 1h): '" + value + "'");
        }
    }
}
