package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ByteRanges;
import dev.contentpay.platform.http.Multipart;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes a download the caller was already found entitled to, by the one set of HTTP rules both
 * download routes (the terminal's and the browser's) follow: {@code ETag} (strong, the quoted
 * SHA-256 of the content), {@code Accept-Ranges: bytes}, {@code Content-Length}; 304 when
 * {@code If-None-Match} names the content; 206 with {@code Content-Range} for one satisfiable
 * {@code Range} (unless {@code If-Range} names another content); 416 with
 * {@code Content-Range: bytes *}{@code /length} for an unsatisfiable one; otherwise the whole
 * content. The body goes from the verified copy's file to the connection a buffer at a time (or,
 * for a small content held in memory, from its bytes at once), straight to the servlet's stream,
 * past any compression: its bytes must be exactly those its length, range and hash describe.
 */
public final class DownloadAnswer {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadAnswer.class);
    private static final int BUFFER = 64 * 1024;
    /**
     * Direct buffers kept for the next downloads: the file is read straight into one and the socket
     * written straight from it, where a heap buffer cost two more copies of every byte (the JDK
     * goes through a direct buffer of its own on both sides) and 64 KiB of garbage a download.
     */
    private static final BlockingQueue<ByteBuffer> BUFFERS = new ArrayBlockingQueue<>(32);

    private DownloadAnswer() {
    }

    /** Answers {@code download} to {@code ctx}; an unsatisfiable range is raised as {@code range_not_satisfiable}. */
    public static void write(Context ctx, Download download) {
        String tag = ByteRanges.entityTag(download.sha256());
        ctx.header("ETag", tag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-SHA256", download.sha256());
        if (ByteRanges.notModified(ctx.header("If-None-Match"), tag)) {
            ctx.status(304);
            return;
        }
        ByteRanges.Outcome asked = ByteRanges.rangeAllowed(ctx.header("If-Range"), tag)
                ? ByteRanges.parse(ctx.header("Range"), download.size()) : new ByteRanges.Whole();
        switch (asked) {
            case ByteRanges.Unsatisfiable u -> {
                ctx.header("Content-Range", ByteRanges.unsatisfiedRange(download.size()));
                throw new ContentpayException(ErrorCode.RANGE_NOT_SATISFIABLE, "The content is " + download.size()
                        + " bytes long; ask for a range that starts before its end.");
            }
            case ByteRanges.Part part -> {
                ctx.status(206);
                ctx.header("Content-Range", part.contentRange(download.size()));
                send(ctx, download, part.first(), part.length());
            }
            case ByteRanges.Whole w -> send(ctx, download, 0, download.size());
        }
    }

    private static void send(Context ctx, Download download, long first, long length) {
        FileChannel file = open(download);
        ctx.header("Content-Disposition", attachment(download));
        ctx.contentType(download.mediaType());
        ctx.res().setContentLengthLong(length);
        stream(ctx, file, download, first, length, null, null);
    }

    /** The {@code Content-Disposition} of a content: saved, under its file name. */
    private static String attachment(Download download) {
        return "attachment; filename=\"" + download.fileName() + "\"";
    }

    /**
     * The verified copy, open for reading; a copy gone is an internal error, raised before anything
     * is answered. Null for a content whose bytes are held in memory: nothing to open.
     */
    private static FileChannel open(Download download) {
        if (download.bytes() != null) return null;
        try {
            return FileChannel.open(download.file());
        } catch (IOException e) {
            throw new UncheckedIOException("the verified copy " + download.file() + " cannot be opened", e);
        }
    }

    /**
     * Answers {@code status} with a {@code multipart/mixed} body of two parts: the JSON answer
     * ({@code json}, a receipt), then the whole content with its media type, length, file name and
     * SHA-256 as the part's headers. The length of the whole is known and sent, as for a download.
     * The copy is opened before anything is answered: when it cannot be, this throws
     * {@code UncheckedIOException} with {@code ctx} untouched, for the caller to answer otherwise.
     */
    public static void writeWithAnswer(Context ctx, int status, byte[] json, Download download) {
        FileChannel file = open(download);
        String boundary = Multipart.newBoundary();
        var contentHeaders = new LinkedHashMap<String, String>();
        contentHeaders.put("Content-Type", download.mediaType());
        contentHeaders.put("Content-Length", Long.toString(download.size()));
        contentHeaders.put("Content-Disposition", attachment(download));
        contentHeaders.put("X-Content-SHA256", download.sha256());
        byte[] before = Multipart.upToSecondBody(boundary, Map.of("Content-Type", "application/json"), json, contentHeaders);
        byte[] after = Multipart.closing(boundary);
        ctx.status(status);
        ctx.contentType(Multipart.contentType(boundary));
        ctx.res().setContentLengthLong(before.length + download.size() + after.length);
        stream(ctx, file, download, 0, download.size(), before, after);
    }

    /** Writes {@code before}, {@code length} of the file's bytes from {@code first} on, then {@code after} (either may be null), and closes the file. */
    private static void stream(Context ctx, FileChannel opened, Download download, long first, long length, byte[] before, byte[] after) {
        if (download.bytes() != null) {
            fromMemory(ctx, download, (int) first, (int) length, before, after);
            return;
        }
        ByteBuffer buffer = BUFFERS.poll();
        if (buffer == null) buffer = ByteBuffer.allocateDirect(BUFFER);
        boolean sent = false;
        try (FileChannel file = opened) {
            OutputStream out = ctx.res().getOutputStream();
            if (before != null) out.write(before);
            long position = first;
            long left = length;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                int n = file.read(buffer, position);
                if (n < 0) throw new IOException("the copy " + download.file() + " ended before its length");
                buffer.flip();
                write(out, buffer);
                position += n;
                left -= n;
            }
            if (after != null) out.write(after);
            out.flush();
            sent = true;
        } catch (IOException e) {
            // The buyer went away (or the copy failed under us) with the answer under way: nothing
            // can be said on a connection already answering; a resumed download asks for the rest.
            LOG.info("a download of {} stopped after it started: {}", download.fileName(), e.getMessage());
        } finally {
            // After a failed write the connection may still hold the buffer: it is left to the collector.
            if (sent) BUFFERS.offer(buffer);
        }
    }

    /** {@link #stream} for a content whose bytes are held in memory: its direct buffer to the connection, no file. */
    private static void fromMemory(Context ctx, Download download, int first, int length, byte[] before, byte[] after) {
        try {
            OutputStream out = ctx.res().getOutputStream();
            if (before != null) out.write(before);
            write(out, download.bytes().duplicate().position(first).limit(first + length));
            if (after != null) out.write(after);
            out.flush();
        } catch (IOException e) {
            LOG.info("a download of {} stopped after it started: {}", download.fileName(), e.getMessage());
        }
    }

    /**
     * Writes {@code buffer} whole. Jetty's own stream takes the direct buffer as it is and gives it
     * to the socket (a blocking write: the buffer is free again when it returns); any other stream
     * gets its bytes through an array.
     */
    private static void write(OutputStream out, ByteBuffer buffer) throws IOException {
        if (out instanceof HttpOutput jetty) {
            jetty.write(buffer);
            return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes);
    }
}
