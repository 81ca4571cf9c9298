package io.opwb.suites;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** Every other test class, in the other fork (see {@link SuiteSplit}). */
@Suite
@SelectPackages("io.opwb")
@ExcludeClassNamePatterns(SuiteSplit.PIPELINE)
class AllButPipelineSuite {
}
