package io.opwb.testing;

/**
 * The ASR era STAND-IN devnet of {@link AsrEraDevnetTestResource} (demo clocks, proposer and resolver running, the
 * service's pipeline on), as a devnet of its own: a test on it moves the portal to super roots
 * ({@code Devnet.migrateToSuperRoots()}, after which the devnet's proposer makes super-root games), which no other
 * test's devnet must see.
 */
public class SuperRootDevnetTestResource extends AsrEraDevnetTestResource {
}
