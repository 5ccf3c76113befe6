package dev.contentpay.app;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.platform.crypto.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code contentpay keys}: make a server's signing key, and gather public keys for another party. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make signing keys and share their public halves.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Merge.class})
final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Create a private signing key file (owner-readable only) unless it exists, and write its public half beside it as NAME.public.jwks.")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the private key file, for example keys/auth.jwk")
        Path file;

        @Option(names = "--kid", required = true, description = "the key id, for example demo-issuer-1 or sakura-shop-1")
        String keyId;

        @Override
        public Integer call() {
            ECKey key = KeyFiles.loadOrCreate(file, keyId);
            Path pub = AuthServer.publicKeysFile(file);
            KeyFiles.writePublic(pub, List.of(key));
            spec.commandLine().getOut().println("private key: " + file + " (kid " + key.getKeyID() + ")");
            spec.commandLine().getOut().println("public keys: " + pub);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Write one public JWK set from several, for example a merchant's shop and settlement keys for auth.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "OUT", description = "the JWK set to write")
        Path out;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "IN", description = "public JWK sets to gather")
        List<Path> inputs;

        @Override
        public Integer call() {
            var keys = new ArrayList<ECKey>();
            for (Path in : inputs) {
                for (JWK jwk : KeyFiles.readPublic(in).getKeys()) {
                    if (jwk instanceof ECKey ec) keys.add(ec);
                }
            }
            KeyFiles.writePublic(out, keys);
            spec.commandLine().getOut().println("wrote " + keys.size() + " public keys to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
