package io.opwb.storage;

import io.quarkus.panache.common.Parameters;

/** Equality conditions that apply only when their value is given (a list's optional filters), with their parameters. */
final class OptionalConditions {

    private final StringBuilder where = new StringBuilder("1 = 1");
    private Parameters parameters = new Parameters();

    /** {@code field = :field}, when {@code value} is not null. */
    OptionalConditions and(String field, Object value) {
        if (value != null) {
            where.append(" and ").append(field).append(" = :").append(field);
            parameters = parameters.and(field, value);
        }
        return this;
    }

    /** {@code field < :fieldBelow}, when {@code value} is not null. */
    OptionalConditions below(String field, Object value) {
        if (value != null) {
            where.append(" and ").append(field).append(" < :").append(field).append("Below");
            parameters = parameters.and(field + "Below", value);
        }
        return this;
    }

    String where() {
        return where.toString();
    }

    Parameters parameters() {
        return parameters;
    }
}
