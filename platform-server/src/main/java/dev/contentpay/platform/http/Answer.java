package dev.contentpay.platform.http;

import dev.contentpay.platform.error.Problem;
import io.javalin.http.Context;

/**
 * The answer to one idempotent request ({@link Idempotency#answer}): its status and its JSON body,
 * which are what was stored and what is sent, byte for byte, to the first caller and to every
 * repeat. A handler writes it ({@link #writeTo}); a caller in this process (a batch of judgements,
 * a browser form) takes its typed value instead. The value of a fresh answer is the very record
 * the action returned, never written and read back; a replayed answer is read once, when first
 * asked for.
 *
 * <p>Used by one thread at a time, as a request is.
 *
 * @param <T> the record a successful answer holds; a refusal holds a {@link Problem}
 */
public final class Answer<T> {

    private final int status;
    private final byte[] body;
    private final Class<T> type;
    private T value;
    private Problem problem;

    private Answer(int status, byte[] body, Class<T> type) {
        this.status = status;
        this.body = body;
        this.type = type;
    }

    /** The action's own record, written once for storing and sending. */
    static <T> Answer<T> fresh(int status, Class<T> type, T value) {
        var answer = new Answer<>(status, Json.write(value), type);
        answer.value = value;
        return answer;
    }

    /** The action's own record with the JSON already written for it (kept in the action's transaction). */
    static <T> Answer<T> fresh(int status, Class<T> type, T value, byte[] json) {
        var answer = new Answer<>(status, json, type);
        answer.value = value;
        return answer;
    }

    /** A final refusal the action threw: kept and given again like a success. */
    static <T> Answer<T> refused(Class<T> type, Problem problem) {
        var answer = new Answer<>(problem.status(), Json.write(problem), type);
        answer.problem = problem;
        return answer;
    }

    /** An answer as it was stored: read only when its value or problem is asked for. */
    static <T> Answer<T> stored(int status, byte[] body, Class<T> type) {
        return new Answer<>(status, body, type);
    }

    public int status() {
        return status;
    }

    public boolean isProblem() {
        return status >= 400;
    }

    /** The JSON as stored and sent; the array is this answer's own and must not be changed. */
    public byte[] body() {
        return body;
    }

    /** The successful answer's record. */
    public T value() {
        if (isProblem()) throw new IllegalStateException("the answer is a refusal (" + status + "), not a " + type.getSimpleName());
        if (value == null) value = Json.read(body, type);
        return value;
    }

    /** The refusal's problem. */
    public Problem problem() {
        if (!isProblem()) throw new IllegalStateException("the answer is a success (" + status + "), not a problem");
        if (problem == null) problem = Json.read(body, Problem.class);
        return problem;
    }

    /** The successful answer's record, or the refusal thrown as the exception it was. */
    public T valueOrThrow() {
        if (isProblem()) throw problem().toException();
        return value();
    }

    /** Sends the answer: its status, its media type and its stored bytes. */
    public void writeTo(Context ctx) {
        ctx.status(status);
        ctx.contentType(isProblem() ? Problem.MEDIA_TYPE : "application/json");
        ctx.result(body);
    }
}
