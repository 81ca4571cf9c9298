package io.opwb.suites;

/**
 * How the test classes are split between the two surefire forks. Inside one suite, JUnit discovers all of
 * its classes in one request, so Quarkus's class orderer runs the classes that share test resources one
 * after another and starts each application (and devnet) once; surefire alone hands the classes to its
 * forks one at a time, which starts an application for nearly every class. The second suite takes
 * everything the first does not, so no class is left out.
 */
final class SuiteSplit {

    /**
     * The pipeline's devnet tests but those with a devnet of their own (another portal, two chains, Base-like
     * clocks, super roots, dry run), which start their own application wherever they run: about half of the
     * suite's time (measured: the pipeline package 720 s, everything else 430 s, in one run each).
     */
    static final String PIPELINE = "io\\.opwb\\.pipeline\\.(?!OutputOracle|TwoChains|BaseLike|SuperRoot|DryRun).*";

    private SuiteSplit() {
    }
}
