package io.opwb.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The classes on the AnchorStateRegistry-era and dry-run devnets, in one fork (see {@link SuiteSplit}). */
@Suite
@SelectPackages("io.opwb")
@IncludeClassNamePatterns(SuiteSplit.ASR_ERA)
class AsrEraSuite {
}
