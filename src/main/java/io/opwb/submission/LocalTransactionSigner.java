package io.opwb.submission;

import java.util.List;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** Signs with keys loaded into this process (a private key, a key file, a keystore). */
final class LocalTransactionSigner implements TransactionSigner {

    private final List<Credentials> keys;

    LocalTransactionSigner(List<Credentials> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public Kind kind() {
        return Kind.LOCAL;
    }

    @Override
    public List<String> addresses() {
        return keys.stream().map(Credentials::getAddress).toList();
    }

    @Override
    public byte[] sign(String from, RawTransaction transaction, long chainId) {
        Credentials key = keys.stream().filter(c -> c.getAddress().equalsIgnoreCase(from)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no submitter key for " + from));
        return TransactionEncoder.signMessage(transaction, chainId, key);
    }

    @Override
    public String description() {
        return keys.size() == 1 ? "a key held by this process" : keys.size() + " keys held by this process";
    }
}
