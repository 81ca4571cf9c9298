package io.opwb.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The pipeline package's test classes, in one fork (see {@link SuiteSplit}). */
@Suite
@SelectPackages("io.opwb")
@IncludeClassNamePatterns(SuiteSplit.PIPELINE + "Tests?")
class PipelineSuite {
}
