package io.opwb.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The classes with a devnet of their own, in one fork (see {@link SuiteSplit}). */
@Suite
@SelectPackages("io.opwb")
@IncludeClassNamePatterns(SuiteSplit.OWN_DEVNETS)
class OwnDevnetsSuite {
}
