package dev.contentpay.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.admin.RegisterMerchantRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code contentpay admin merchants ...}: the merchants that may sell through the issuer. Key files
 * are read as auth's configuration reads {@code merchant.<id>.seal-keys-file}: a JWK set of which
 * only the public halves are sent, so a private key given by mistake never leaves this machine.
 */
@Command(name = "merchants", mixinStandardHelpOptions = true,
        description = "Register, list, show, suspend and resume merchants (auth's admin face).",
        subcommands = {MerchantsCommand.Register.class, MerchantsCommand.List.class, MerchantsCommand.Show.class,
                MerchantsCommand.Suspend.class, MerchantsCommand.Resume.class})
final class MerchantsCommand {

    @ParentCommand
    AdminCommand admin;

    /** One call to auth's admin face, its answer printed as {@link AdminCommand.Call} prints it. */
    abstract static class Call implements Callable<Integer> {
        @ParentCommand
        MerchantsCommand merchants;

        @Spec
        CommandSpec spec;

        abstract JsonNode call(OperatorClient client);

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> call(merchants.admin.client()));
        }
    }

    @Command(name = "register", description = "Register a merchant, or change the keys, settlement URL, name or invoice registration number of one registered.")
    static final class Register extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--name", required = true, description = "the merchant's name shown to subscribers") String name;
        @Option(names = "--seal-keys", required = true, paramLabel = "FILE", description = "its shop's public JWK set, which seals purchasing information")
        Path sealKeys;
        @Option(names = "--assertion-keys", required = true, paramLabel = "FILE",
                description = "its settlement server's public JWK set, which signs its calls on the dedicated line") Path assertionKeys;
        @Option(names = "--settlement-url", required = true, description = "where its buyers settle") String settlementUrl;
        @Option(names = "--certificate-name", description = "the name on its settlement server's client certificate (default: the id)")
        String certificateName;
        @Option(names = "--invoice-registration-number", paramLabel = "T0000000000000",
                description = "its qualified invoice registration number (T and 13 digits), stated beside its lines on monthly statements")
        String invoiceRegistrationNumber;

        @Override
        JsonNode call(OperatorClient client) {
            var request = new RegisterMerchantRequest(id, name, publicKeys("--seal-keys", sealKeys), publicKeys("--assertion-keys", assertionKeys),
                    settlementUrl, certificateName, invoiceRegistrationNumber);
            return client.send("POST", "/v1/admin/merchants", request);
        }

        private static Map<String, Object> publicKeys(String option, Path file) {
            if (!Files.isRegularFile(file)) throw ContentpayException.invalid(option, file + " does not exist");
            try {
                return KeyFiles.readPublic(file).toJSONObject(true);
            } catch (IllegalStateException e) {
                throw ContentpayException.invalid(option, file + " is not a JWK set");
            }
        }
    }

    @Command(name = "list", description = "List merchants by id, a page at a time.")
    static final class List extends Call {
        @Option(names = "--after", description = "the last id of the page before: the next page") String after;
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (1 to 1000; default: ${DEFAULT-VALUE})") int limit;

        @Override
        JsonNode call(OperatorClient client) {
            return client.get("/v1/admin/merchants?limit=" + limit + (after == null ? "" : "&after=" + AdminCommand.Call.enc(after)));
        }
    }

    @Command(name = "show", description = "Show a merchant: status, keys, settlement URL, certificate name, invoice registration number.")
    static final class Show extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        @Override
        JsonNode call(OperatorClient client) {
            return client.get("/v1/admin/merchants/" + AdminCommand.Call.enc(id));
        }
    }

    /** Suspends or resumes a merchant; doing it again changes nothing. */
    abstract static class Change extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        abstract String action();

        @Override
        JsonNode call(OperatorClient client) {
            return client.send("POST", "/v1/admin/merchants/" + AdminCommand.Call.enc(id) + "/" + action(), null);
        }
    }

    @Command(name = "suspend", description = "Suspend a merchant: its seals and judgements are refused (merchant_suspended); "
            + "payment notices for allowances already granted are still applied.")
    static final class Suspend extends Change {
        @Override
        String action() {
            return "suspend";
        }
    }

    @Command(name = "resume", description = "Resume a suspended merchant.")
    static final class Resume extends Change {
        @Override
        String action() {
            return "resume";
        }
    }
}
