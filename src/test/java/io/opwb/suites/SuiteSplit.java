package io.opwb.suites;

/**
 * How the test classes are split between the four surefire forks, one suite each. Inside one suite, JUnit
 * discovers all of its classes in one request, so Quarkus's class orderer runs the classes that share test
 * resources one after another and starts each application (and devnet) once; surefire alone hands the
 * classes to its forks one at a time, which starts an application for nearly every class.
 *
 * <p>Four forks on two cores: most test time waits on devnet clocks (the CPUs were 47 % busy during the
 * tests with two forks, sampled by vmstat in a clean-clone run). The split keeps the classes of one devnet
 * together and the four suites near the same time (measured per class in that run). {@link EverythingElseSuite}
 * takes whatever the other three do not, so no class is left out; a new class lands there.
 */
final class SuiteSplit {

    /** The classes on the pipeline devnet (PipelineDevnetTestResource, its service signing through anvil): ~380 s. */
    static final String PIPELINE_DEVNET = "io\\.opwb\\.(pipeline\\.(BlacklistedGame|BridgeWithdrawalsPipeline"
            + "|HostileWithdrawalsPipeline|PipelineEndToEnd|RemoteSignerPipeline)|lifecycle\\.EtaOnDevnet|api\\.StatusPageBrowser)Test";

    /** The classes on the AnchorStateRegistry-era devnet, and the dry run's devnet: ~340–360 s. */
    static final String ASR_ERA = "io\\.opwb\\.pipeline\\.(AsrEra\\w*|DryRunMode)Test";

    /**
     * Classes with a devnet of their own (another portal, two chains, Base-like clocks, super roots, faulty RPC):
     * ~240–350 s. {@code PipelineThroughFaultyRpcTest} varies most under load (118–204 s in clean-clone runs: its
     * client timeout is 0.5 s), so this suite takes nothing more (with {@code EtaOnDevnetTest} on a devnet of its
     * own here, it ran 425 s).
     */
    static final String OWN_DEVNETS = "io\\.opwb\\.(pipeline\\.(OutputOraclePipeline|TwoChainsPipeline|SuperRootPipeline"
            + "|BaseLikePipeline)|chain\\.PipelineThroughFaultyRpc)Test";

    private SuiteSplit() {
    }
}
