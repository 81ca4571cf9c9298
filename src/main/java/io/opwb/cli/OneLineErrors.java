package io.opwb.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Failures of a command as one line on stderr and a non-zero exit: 2 for bad input, 1 for a command
 * that could not be done. The line is the exception's message, which names settings and values,
 * never a secret: keys are read by {@code io.opwb.submission}, whose messages never hold them.
 */
final class OneLineErrors {

    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    private OneLineErrors() {
    }

    static int badInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see "
                + command.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return BAD_INPUT;
    }

    static int failed(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + reason(e));
        err.flush();
        return e instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
    }

    /** The innermost message that says something, on one line. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
