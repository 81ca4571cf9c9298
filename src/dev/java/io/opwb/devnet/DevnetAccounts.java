package io.opwb.devnet;

import org.web3j.crypto.Credentials;

/**
 * anvil's well-known default accounts (mnemonic "test test … junk"), each funded with 10,000 ETH on
 * both chains. Never use these keys anywhere but a local devnet.
 */
public final class DevnetAccounts {

    /** Account #4's key: the service's signer on the devnet. */
    public static final String SERVICE_KEY = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";

    private static final String[] KEYS = {
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    };

    private DevnetAccounts() {
    }

    /** #0: owner of the L1 contracts and SuperchainConfig guardian. */
    public static Credentials deployer() {
        return account(0);
    }

    /** #1: the only address the permissioned games accept as proposer (checked on tx.origin). */
    public static Credentials proposer() {
        return account(1);
    }

    /** #2: the permissioned challenger; also resolves games, which anyone may. */
    public static Credentials challenger() {
        return account(2);
    }

    /** #3: initiates withdrawals on L2. */
    public static Credentials l2User() {
        return account(3);
    }

    /** #4: the key the service signs its L1 batches with on the devnet. */
    public static Credentials service() {
        return account(4);
    }

    /** #5: a second, independent L1 relayer (proves and finalizes on its own). */
    public static Credentials otherRelayer() {
        return account(5);
    }

    /** #6: the devnet's manifest signer; the service asks anvil to sign with it (eth_signTypedData_v4). */
    public static Credentials manifestSigner() {
        return account(6);
    }

    /** #7: a second submitter key (manifest mode spreads chunks over #4 and #7). */
    public static Credentials secondSubmitter() {
        return account(7);
    }

    /** The hex key of account #index (devnet only). */
    public static String key(int index) {
        return KEYS[index];
    }

    public static Credentials account(int index) {
        return Credentials.create(KEYS[index]);
    }
}
