package io.opwb.testing;

/**
 * A devnet of its own, for a test that breaks it (stops a node): tests that share
 * {@link DevnetTestResource} get the same application and devnet and must not see it broken. A
 * different resource class makes Quarkus start a fresh application and devnet for that test;
 * {@link DevnetTestResource#devnet()} then returns this one.
 */
public class DisposableDevnetTestResource extends DevnetTestResource {
}
