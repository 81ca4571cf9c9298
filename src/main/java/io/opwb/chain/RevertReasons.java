package io.opwb.chain;

import java.util.List;

import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.utils.Numeric;

/** Turns revert data into words: {@code Error(string)} is decoded, anything else shown as hex. */
public final class RevertReasons {

    private static final String ERROR_STRING = "0x08c379a0";

    private RevertReasons() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static String describe(String revertData) {
        if (revertData == null || revertData.isEmpty() || "0x".equals(revertData)) {
            return "reverted without a reason";
        }
        if (revertData.startsWith(ERROR_STRING) && revertData.length() > 10) {
            List<Type> decoded = FunctionReturnDecoder.decode("0x" + revertData.substring(10),
                    (List) List.of(new TypeReference<Utf8String>() { }));
            if (!decoded.isEmpty()) {
                return decoded.get(0).getValue().toString();
            }
        }
        return "reverted with " + revertData;
    }

    public static String describe(byte[] revertData) {
        return describe(revertData == null ? null : Numeric.toHexString(revertData));
    }
}
