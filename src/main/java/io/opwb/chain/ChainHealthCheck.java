package io.opwb.chain;

import java.math.BigInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.web3j.protocol.Web3j;

/** Ready when both nodes answer and report the configured chain ids. */
@Readiness
@ApplicationScoped
public class ChainHealthCheck implements HealthCheck {

    private final ChainClients clients;
    private final ChainConfig config;

    public ChainHealthCheck(ChainClients clients, ChainConfig config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chains").up();
        check(response, "l1", clients.l1Probe(), config.l1());
        check(response, "l2", clients.l2Probe(), config.l2());
        return response.build();
    }

    private static void check(HealthCheckResponseBuilder response, String name, Web3j node, ChainConfig.Endpoint endpoint) {
        try {
            BigInteger chainId = node.ethChainId().send().getChainId();
            BigInteger head = node.ethBlockNumber().send().getBlockNumber();
            if (chainId.longValueExact() != endpoint.chainId()) {
                response.down().withData(name, "chain id " + chainId + ", expected " + endpoint.chainId());
            } else {
                response.withData(name, "chain " + chainId + ", head " + head);
            }
        } catch (Exception e) {
            response.down().withData(name, "unreachable: " + e.getMessage());
        }
    }
}
