package io.opwb.indexing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

import io.opwb.storage.NewWithdrawal;
import io.opwb.storage.WithdrawalBulkInsert;

/**
 * The service's CPU time per withdrawal from an {@code eth_getLogs} answer's bytes to the insert's
 * parameters, for each L2 log reader: an answer of 10,000 logs as the backfill benchmark's (no
 * calldata), read again and again on one thread, its CPU time measured (the thread's, so other
 * processes on the machine change it little). Prints; asserts nothing about time.
 * Run: {@code ./mvnw test -Pbenchmark -Dexec.skip=true -Dtest=LogReaderCpuBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class LogReaderCpuBenchmark {

    private static final int LOGS = 10_000;
    private static final int ROUNDS = 60;

    @Test
    void cpuTimePerWithdrawalOfEachReader() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < LOGS; i++) {
            logs.add(MessagePassedReaderTest.log(random, i, false, new byte[0], UnaryOperator.identity()));
        }
        byte[] answer = MessagePassedReaderTest.answer(logs).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder report = new StringBuilder(String.format("an answer of %,d logs, %,d bytes%n", LOGS, answer.length));
        for (int pass = 0; pass < 2; pass++) { // the first pass warms both up
            long web3j = 0;
            long streaming = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long t = threads.getCurrentThreadCpuTime();
                List<Log> read = ObjectMapperFactory.getObjectMapper().readValue(answer, EthLog.class).getLogs().stream()
                        .map(r -> (Log) r.get()).toList();
                check(WithdrawalBulkInsert.columns(901, L2WithdrawalIndexer.web3jWithdrawals(read)));
                web3j += threads.getCurrentThreadCpuTime() - t;
                t = threads.getCurrentThreadCpuTime();
                List<NewWithdrawal> rows = ObjectMapperFactory.getObjectMapper()
                        .readValue(answer, MessagePassedReader.Answer.class).getResult().withdrawalsOrThrow();
                check(WithdrawalBulkInsert.columns(901, rows));
                streaming += threads.getCurrentThreadCpuTime() - t;
            }
            if (pass == 1) {
                report.append(String.format("web3j: %.2f µs a withdrawal; streaming: %.2f µs (%.1f x less)%n",
                        web3j / 1e3 / ROUNDS / LOGS, streaming / 1e3 / ROUNDS / LOGS, (double) web3j / streaming));
            }
        }
        System.out.println(report);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/backfill-benchmark"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/backfill-benchmark/log-reader-cpu.txt"), report);
    }

    private static void check(WithdrawalBulkInsert.Columns columns) {
        if (columns.rows() != LOGS) {
            throw new AssertionError(columns.rows() + " rows");
        }
    }
}
