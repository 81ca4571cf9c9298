package io.opwb.cli;

import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A 32-byte hash on the command line: a withdrawal hash or an L2 transaction hash. */
final class Hashes implements ITypeConverter<String> {

    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    @Override
    public String convert(String value) {
        if (!HASH.matcher(value).matches()) {
            throw new TypeConversionException("not a 32-byte hash (0x and 64 hex digits): '" + value + "'");
        }
        return value.toLowerCase();
    }
}
