package io.opwb.pipeline;

import java.util.Locale;

/**
 * What a replica does ({@code opwb.role}): {@code all} serves the API and runs the pipeline,
 * {@code api} only serves the API (scales freely, to zero on Knative), {@code worker} runs the
 * pipeline; among replicas that run it, the worker lease picks one.
 */
public enum ServiceRole {
    ALL, API, WORKER;

    public boolean runsPipeline() {
        return this != API;
    }

    public static ServiceRole parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("opwb.role must be all, api or worker, not '" + value + "'");
        }
    }
}
