package io.sluice.engine.http;

/** A request the server refuses, with the status code and a message for the client. */
final class HttpError extends RuntimeException {

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    int status() {
        return status;
    }
}
