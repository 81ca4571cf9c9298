package io.opwb.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Dependencies between our packages point one way. */
class PackageDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.opwb");

    @Test
    void nothingInMainCodeDependsOnTheDevnet() {
        noClasses().that().resideOutsideOfPackage("io.opwb.devnet..")
                .should().dependOnClassesThat().resideInAPackage("io.opwb.devnet..")
                .check(MAIN);
    }

    @Test
    void chainAccessDependsOnNoOtherCapability() {
        noClasses().that().resideInAPackage("io.opwb.chain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opwb.indexing..", "io.opwb.proof..",
                        "io.opwb.batching..", "io.opwb.merkle..", "io.opwb.submission..", "io.opwb.storage..",
                        "io.opwb.api..", "io.opwb.devnet..")
                .check(MAIN);
    }

    @Test
    void storageDependsOnNoOtherCapability() {
        noClasses().that().resideInAPackage("io.opwb.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opwb.indexing..", "io.opwb.proof..",
                        "io.opwb.batching..", "io.opwb.merkle..", "io.opwb.submission..", "io.opwb.api..",
                        "io.opwb.devnet..")
                .check(MAIN);
    }

    @Test
    void batchingPolicyIsPure() {
        noClasses().that().resideInAPackage("io.opwb.batching..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opwb.storage..", "io.opwb.api..",
                        "io.opwb.submission..", "org.web3j.protocol..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void indexingDependsOnlyOnChainAndStorage() {
        noClasses().that().resideInAPackage("io.opwb.indexing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opwb.lifecycle..", "io.opwb.pipeline..",
                        "io.opwb.submission..", "io.opwb.batching..", "io.opwb.api..")
                .check(MAIN);
    }

    @Test
    void submissionKnowsNothingOfWhatItSends() {
        noClasses().that().resideInAPackage("io.opwb.submission..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opwb.pipeline..", "io.opwb.indexing..",
                        "io.opwb.lifecycle..", "io.opwb.batching..", "io.opwb.api..")
                .check(MAIN);
    }

    @Test
    void onlyThePipelineOrchestrates() {
        // The command line drives the pipeline's stages for one withdrawal.
        noClasses().that().resideOutsideOfPackages("io.opwb.pipeline..", "io.opwb.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.opwb.pipeline..")
                .check(MAIN);
    }

    @Test
    void nobodyDependsOnTheApiButTheCommandLine() {
        // The command line prints the API's views of a withdrawal.
        noClasses().that().resideOutsideOfPackages("io.opwb.api..", "io.opwb.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.opwb.api..")
                .check(MAIN);
    }

    @Test
    void rulesPoliciesAndPlannersArePure() {
        // Decisions are unit-tested without a chain or a database: they get facts, and give decisions.
        noClasses().that().haveSimpleNameEndingWith("Rules").or().haveSimpleNameEndingWith("Policy")
                .or().haveSimpleNameEndingWith("Planner")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.hibernate..",
                        "org.web3j.protocol..", "io.smallrye.mutiny..", "jakarta.persistence..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.opwb.storage.Tx")
                .check(MAIN);
    }

    @Test
    void nobodyDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.opwb.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.opwb.cli..")
                .check(MAIN);
    }

    /**
     * Classes outside {@code storage} that still run queries of their own, to be moved into storage's
     * repositories: this list only shrinks (moved so far: the API's batch, dry-run, dashboard, chain and look-up
     * queries, the submission holds', the transaction manager's, the games to follow, the stage-latency
     * metrics', the receipts', the status gauges' and the finalize-readiness facts; withdrawals by hashes, once
     * written in eight places, are {@code WithdrawalRepository.findByHashes}; the manifests' queries are
     * {@code ManifestRepository}'s; the one-off command's look-ups; the withdrawal API's lists and details).
     */
    private static final Set<String> STILL_QUERYING = Set.of("io.opwb.lifecycle.StatusTracker");

    /**
     * A query written where the call is: a session's create...Query, a Panache repository's method taking HQL,
     * or SQL sent through the reactive PostgreSQL client (a pool's or connection's query or preparedQuery).
     */
    private static boolean isQuery(JavaMethodCall call) {
        var target = call.getTarget();
        return target.getName().matches("create(Selection|Mutation|Native)?Query")
                || target.getOwner().getPackageName().matches("io\\.vertx\\.(mutiny\\.)?(sqlclient|pgclient)(\\..*)?")
                        && target.getName().matches("query|preparedQuery")
                || target.getOwner().isAssignableTo(io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase.class)
                        && target.getName().matches("list|find|stream|update|delete|count")
                        && !target.getRawParameterTypes().isEmpty() && target.getRawParameterTypes().get(0).isEquivalentTo(String.class);
    }

    @Test
    void onlyStorageRunsQueriesBesidesTheClassesStillToMove() {
        noClasses().that().resideOutsideOfPackage("io.opwb.storage..")
                .and(DescribedPredicate.describe("not still to move",
                        (JavaClass c) -> !STILL_QUERYING.contains(c.getName().split("\\$")[0])))
                .should().callMethodWhere(DescribedPredicate.describe("a query of their own (create...Query)",
                        PackageDependenciesTest::isQuery))
                .check(MAIN);
    }

    @Test
    void theClassesStillToMoveStillRunQueries() {
        // A class that stopped running queries leaves the list: that is how the list shrinks.
        for (String name : STILL_QUERYING) {
            boolean queries = MAIN.stream().filter(c -> c.getName().equals(name) || c.getName().startsWith(name + "$"))
                    .flatMap(c -> c.getMethodCallsFromSelf().stream()).anyMatch(PackageDependenciesTest::isQuery);
            org.junit.jupiter.api.Assertions.assertTrue(queries, name + " runs no query any more: take it off the list");
        }
    }
}
