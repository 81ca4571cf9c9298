package io.opwb.suites;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** Every test class the other suites do not take, in the fourth fork (see {@link SuiteSplit}). */
@Suite
@SelectPackages("io.opwb")
@ExcludeClassNamePatterns({ SuiteSplit.PIPELINE_DEVNET, SuiteSplit.ASR_ERA, SuiteSplit.OWN_DEVNETS })
class EverythingElseSuite {
}
