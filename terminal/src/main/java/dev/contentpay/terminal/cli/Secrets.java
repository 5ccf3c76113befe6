package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.PinPrompt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gets the subscriber's password and PIN: asked without echo on the console, or read as lines of
 * standard input (the password first, then the PIN when the issuer asks for it), so scripts can
 * pipe them in without putting them on a command line, where any user could see them.
 */
final class Secrets {

    private Secrets() {
    }

    static char[] password(String subscriberId, boolean fromStdin) {
        if (fromStdin) {
            char[] line = stdinLine();
            if (line == null || line.length == 0) throw ContentpayException.invalid("password", "standard input held no password");
            return line;
        }
        var console = interactiveConsole();
        if (console == null) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "There is no terminal to ask the password on; pass it with --password-stdin.");
        }
        char[] password = console.readPassword("Password for %s: ", subscriberId);
        if (password == null || password.length == 0) throw ContentpayException.invalid("password", "none was given");
        return password;
    }

    /**
     * The PIN, asked only when the issuer wants it: the next line of standard input with
     * {@code fromStdin}, else on the console without echo.
     */
    static PinPrompt pin(String subscriberId, boolean fromStdin) {
        return purpose -> {
            if (fromStdin) {
                char[] line = stdinLine();
                if (line == null || line.length == 0) {
                    throw new ContentpayException(ErrorCode.PIN_REQUIRED, "Your PIN is needed for " + purpose
                            + ", but standard input held no further line for it.");
                }
                return line;
            }
            var console = interactiveConsole();
            if (console == null) {
                throw new ContentpayException(ErrorCode.PIN_REQUIRED, "Your PIN is needed for " + purpose
                        + "; there is no terminal to ask it on, so pass it with --pin-stdin.");
            }
            char[] pin = console.readPassword("PIN for %s (%s): ", subscriberId == null ? "this terminal" : subscriberId, purpose);
            return pin == null || pin.length == 0 ? null : pin;
        };
    }

    /**
     * The console, when there is a person at a terminal. JDK 22 to 24 give a console object even
     * when the streams are redirected; {@code isTerminal()} (JDK 22+, called reflectively because
     * we compile for 21) tells the two apart, so a script is never left waiting on a prompt.
     */
    private static java.io.Console interactiveConsole() {
        var console = System.console();
        if (console == null) return null;
        try {
            return Boolean.TRUE.equals(console.getClass().getMethod("isTerminal").invoke(console)) ? console : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return console; // JDK 21: a console is only given for a terminal.
        }
    }

    /**
     * One line of standard input without its line end, or null at its end. Read byte by byte, so
     * nothing beyond the line is consumed and the next call (the PIN after the password) finds its
     * line still there.
     */
    static char[] stdinLine() {
        InputStream in = System.in;
        byte[] raw = new byte[1024];
        int length = 0;
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (length == raw.length) {
                    Arrays.fill(raw, (byte) 0);
                    throw ContentpayException.invalid("stdin", "the line is too long");
                }
                raw[length++] = (byte) b;
            }
            if (b == -1 && length == 0) return null;
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "Standard input could not be read.");
        }
        if (length > 0 && raw[length - 1] == '\r') length--;
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, length));
        char[] line = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return line;
    }
}
