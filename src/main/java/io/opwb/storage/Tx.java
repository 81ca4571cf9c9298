package io.opwb.storage;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Runs reactive Panache work from a worker thread (schedulers, web3j callers) and waits for it:
 * Hibernate Reactive must run on a Vert.x context, so the work is moved onto one.
 */
@ApplicationScoped
public class Tx {

    public <T> T inTransaction(Supplier<Uni<T>> work) {
        return await(() -> Panache.withTransaction(work));
    }

    public <T> T read(Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
