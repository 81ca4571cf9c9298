package io.opwb.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.web3j.utils.Numeric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A contract's runtime code as the compiler produced it, with the byte ranges its immutables fill.
 * A constructor writes the immutables into the code it returns, so code on a chain equals the
 * compiler's everywhere but there; those ranges are compared by other means (reading the getters).
 * The build writes one {@code /contracts/<Name>.runtime.json} per contract the service deploys.
 */
public record RuntimeCode(byte[] code, List<Range> immutables) {

    /** {@code length} bytes from {@code start}, in the runtime code. */
    public record Range(int start, int length) {
    }

    public RuntimeCode {
        for (Range r : immutables) {
            if (r.start() < 0 || r.length() < 0 || r.start() + r.length() > code.length) {
                throw new IllegalArgumentException("immutable range " + r + " outside code of " + code.length + " bytes");
            }
        }
        immutables = List.copyOf(immutables);
    }

    /** The artifact the build wrote for {@code contract}, from the classpath. */
    public static RuntimeCode of(String contract) {
        String resource = "/contracts/" + contract + ".runtime.json";
        try (InputStream in = RuntimeCode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: the contract build writes it");
            }
            JsonNode json = new ObjectMapper().readTree(in);
            List<Range> ranges = new java.util.ArrayList<>();
            json.get("immutableReferences")
                    .forEach(r -> ranges.add(new Range(r.get("start").asInt(), r.get("length").asInt())));
            return new RuntimeCode(Numeric.hexStringToByteArray(json.get("runtimeCode").asText()), ranges);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Why {@code deployed} is not this code (its immutables aside), or empty when it is. */
    public Optional<String> mismatch(byte[] deployed) {
        if (deployed.length != code.length) {
            return Optional.of("the code has " + deployed.length + " bytes, the artifact " + code.length);
        }
        boolean[] masked = new boolean[code.length];
        for (Range r : immutables) {
            java.util.Arrays.fill(masked, r.start(), r.start() + r.length(), true);
        }
        for (int i = 0; i < code.length; i++) {
            if (!masked[i] && deployed[i] != code[i]) {
                return Optional.of(String.format("the code differs from the artifact at byte %d (0x%02x, expected 0x%02x)",
                        i, deployed[i] & 0xff, code[i] & 0xff));
            }
        }
        return Optional.empty();
    }
}
