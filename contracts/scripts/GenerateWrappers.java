import java.io.File;

import org.web3j.codegen.SolidityFunctionWrapperGenerator;

/**
 * Generates the web3j wrappers of the named contracts in one JVM, as web3j's command line would one at a time
 * (Java types, 20-byte addresses). Run by the Maven build (execution {@code web3j-wrappers}) as a source-file
 * program: one launch for all, where one exec per contract took ~0.85 s each.
 *
 * <p>Arguments: the directory with {@code <Name>.abi} and {@code <Name>.bin}, the output source root, the
 * package, then the contract names.
 */
public class GenerateWrappers {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: GenerateWrappers <abi-dir> <out-dir> <package> <Contract>...");
        }
        File artifacts = new File(args[0]);
        File out = new File(args[1]);
        for (int i = 3; i < args.length; i++) {
            String name = args[i];
            new SolidityFunctionWrapperGenerator(new File(artifacts, name + ".bin"), new File(artifacts, name + ".abi"),
                    out, name, args[2], true, false, 20).generate();
        }
    }
}
