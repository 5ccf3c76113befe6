package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Gets the subscriber's password: asked without echo on the console, or one line of standard input. */
final class Passwords {

    private Passwords() {
    }

    static char[] read(String subscriberId, boolean fromStdin) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) throw ContentpayException.invalid("password", "standard input held no password");
                return line.toCharArray();
            } catch (IOException e) {
                throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The password could not be read from standard input.");
            }
        }
        var console = System.console();
        if (console == null) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "There is no terminal to ask the password on; pass it with --password-stdin.");
        }
        char[] password = console.readPassword("Password for %s: ", subscriberId);
        if (password == null || password.length == 0) throw ContentpayException.invalid("password", "none was given");
        return password;
    }
}
