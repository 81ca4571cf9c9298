package io.opwb.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The classes on the pipeline devnet, in one fork (see {@link SuiteSplit}). */
@Suite
@SelectPackages("io.opwb")
@IncludeClassNamePatterns(SuiteSplit.PIPELINE_DEVNET)
class PipelineDevnetSuite {
}
