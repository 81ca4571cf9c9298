package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The next nonce of a signing account. */
@Entity
@Table(name = "signer_nonce")
public class SignerNonceEntity {
    @Id
    public byte[] address;

    @Column(name = "next_nonce", nullable = false)
    public long nextNonce;
}
