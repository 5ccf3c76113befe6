package dev.contentpay.platform.crypto;

import dev.contentpay.platform.io.OwnerOnlyFiles;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's signing keys over time: the current key, which signs every new token, and the keys it
 * replaced, each published and accepted until its retirement, when every token it signed has
 * expired ({@code keys.retire-after} after the rotation). Kept in the server's key file as a JWK set
 * of private keys, each with {@code iat} (when it was made) and, once replaced, {@code exp} (when
 * it retires); a file of one bare JWK, as every server wrote before rotation, is read as a ring of
 * that key alone, so an upgrade needs nothing.
 * <p>
 * The public set ({@link #publicKeys()}, and the {@code .public.jwks} file beside the key file)
 * holds every key not yet retired, with the same {@code iat} and {@code exp}, so a verifier refuses
 * a retired key even from a stale copy ({@link TokenVerifier}). Once a second the ring drops the
 * keys whose time has come from both files, and reads the key file again when another process
 * changed it (several instances of one server on one key file follow one another's rotations).
 */
public final class KeyRing implements AutoCloseable {

    /** One key of the ring: its id, when it was made and, for a replaced key, when it stops being accepted (null: current). */
    public record Entry(JWK key, Instant created, Instant retiresAt) {
        public String kid() {
            return key.getKeyID();
        }

        boolean retiredAt(Instant now) {
            return retiresAt != null && !now.isBefore(retiresAt);
        }
    }

    private static final Pattern NUMBERED = Pattern.compile("^(.*)-(\\d{1,9})$");
    /** How often the ring looks at its file and at the retirements due. */
    private static final Duration TICK = Duration.ofSeconds(1);

    private final Path file;
    private final Path publicFile;
    private final Duration retireAfter;
    private final Clock clock;
    private final TokenSigner signer;
    private volatile List<Entry> entries;
    private volatile FileTime readAt;
    private volatile ScheduledExecutorService ticker;

    private KeyRing(Path file, Path publicFile, Duration retireAfter, Clock clock, List<Entry> entries, FileTime readAt) {
        this.file = file;
        this.publicFile = publicFile;
        this.retireAfter = retireAfter;
        this.clock = clock;
        this.entries = List.copyOf(entries);
        this.readAt = readAt;
        this.signer = new TokenSigner(current().key());
    }

    /**
     * The ring in {@code file}, made of one new key {@code keyId} on first start; its public set is
     * written to {@code publicFile}. Keys already retired are dropped from both files.
     */
    public static KeyRing loadOrCreate(Path file, String keyId, Path publicFile, Duration retireAfter, Clock clock) {
        if (retireAfter.isNegative() || retireAfter.isZero()) throw new IllegalArgumentException("keys.retire-after must be positive");
        KeyFiles.loadOrCreate(file, keyId);
        try {
            var ring = new KeyRing(file, publicFile, retireAfter, clock, read(file), Files.getLastModifiedTime(file));
            ring.retireDue();
            ring.writePublicFile();
            return ring;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The keys in a key file, in the order they were made (the ring writes them so), retired ones included: for the ring and for {@code contentpay doctor}. */
    public static List<Entry> read(Path file) throws IOException {
        String json = Files.readString(file);
        try {
            Map<String, Object> object = JSONObjectUtils.parse(json);
            var out = new ArrayList<Entry>();
            if (!object.containsKey("keys")) {
                // A key file from before rotation: one key, as old as the file.
                JWK key = KeyFiles.parseSigningKey(json);
                Instant created = key.getIssueTime() != null ? key.getIssueTime().toInstant() : Files.getLastModifiedTime(file).toInstant();
                return List.of(new Entry(key, created, null));
            }
            for (JWK key : JWKSet.parse(object).getKeys()) {
                KeyFiles.parseSigningKey(key.toJSONString());
                if (!key.isPrivate()) throw new ParseException("key " + key.getKeyID() + " has no private half", 0);
                Instant created = key.getIssueTime() != null ? key.getIssueTime().toInstant() : Files.getLastModifiedTime(file).toInstant();
                out.add(new Entry(key, created, key.getExpirationTime() == null ? null : key.getExpirationTime().toInstant()));
            }
            if (out.stream().filter(e -> e.retiresAt() == null).count() != 1) {
                throw new ParseException("a key ring needs exactly one current key (one without exp)", 0);
            }
            return out;
        } catch (ParseException e) {
            throw new IOException("not a signing key or key ring: " + e.getMessage(), e);
        }
    }

    /** Signs with the current key, following every rotation. */
    public TokenSigner signer() {
        return signer;
    }

    public Entry current() {
        return entries.stream().filter(e -> e.retiresAt() == null).findFirst().orElseThrow();
    }

    /** The keys not yet retired, oldest first. */
    public List<Entry> entries() {
        Instant now = clock.instant();
        return entries.stream().filter(e -> !e.retiredAt(now)).toList();
    }

    /** The public halves of the keys not yet retired, with their {@code iat} and {@code exp}: safe to publish. */
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        Published p = published;
        if (p != null && p.entries() == entries && now.isBefore(p.until())) return p.keys();
        List<Entry> from = entries;
        Instant until = from.stream().map(Entry::retiresAt).filter(r -> r != null && now.isBefore(r)).min(Instant::compareTo).orElse(Instant.MAX);
        var keys = new JWKSet(from.stream().filter(e -> !e.retiredAt(now)).map(KeyRing::published).toList());
        published = new Published(from, until, keys);
        return keys;
    }

    /** The public set as last made, for the entries it was made of, good until the next retirement: it is asked for on every judgement. */
    private record Published(List<Entry> entries, Instant until, JWKSet keys) {
    }

    private volatile Published published;

    /** This server's own keys, as a {@link TokenVerifier} of its own tokens takes them; reading again follows another instance's rotation. */
    public KeySource ownKeys(String issuer) {
        return new KeySource() {
            private volatile long lastReload;

            @Override
            public JWKSet apply(String i) {
                return issuer.equals(i) ? publicKeys() : null;
            }

            @Override
            public JWKSet reload(String i) {
                long now = clock.millis();
                if (!issuer.equals(i)) return null;
                if (now - lastReload < PublicKeyFile.MIN_RELOAD_INTERVAL.toMillis()) return publicKeys();
                followFile();
                lastReload = now;
                return publicKeys();
            }
        };
    }

    /**
     * Makes a new key current; the one it replaces is accepted for {@code keys.retire-after} more,
     * then retired. Both files are written before the new key signs anything.
     */
    public synchronized Entry rotate() {
        followFile();
        Instant now = clock.instant();
        Entry old = current();
        var next = new ArrayList<Entry>();
        for (Entry e : entries) {
            if (e.retiredAt(now)) continue;
            next.add(e == old ? new Entry(e.key(), e.created(), now.plus(retireAfter)) : e);
        }
        Entry fresh = new Entry(KeyFiles.generate(nextKeyId(entries)), now, null);
        next.add(fresh);
        save(next);
        signer.switchTo(fresh.key());
        org.slf4j.LoggerFactory.getLogger(KeyRing.class).info("signing key {} is current; {} is accepted until {}", fresh.kid(), old.kid(),
                now.plus(retireAfter));
        return fresh;
    }

    /** Drops the keys whose retirement has come from the key file and the public file; true when it dropped any. */
    public synchronized boolean retireDue() {
        Instant now = clock.instant();
        if (entries.stream().noneMatch(e -> e.retiredAt(now))) return false;
        save(entries.stream().filter(e -> !e.retiredAt(now)).toList());
        return true;
    }

    /** Looks at the file and the retirements once a second until closed. */
    public KeyRing start() {
        var t = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("key-ring").factory());
        t.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        ticker = t;
        return this;
    }

    @Override
    public void close() {
        var t = ticker;
        if (t != null) t.shutdownNow();
    }

    private void tick() {
        try {
            followFile();
            retireDue();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(KeyRing.class).warn("the key ring in {} could not be maintained: {}", file, e.getMessage());
        }
    }

    /** Reads the key file again when another process changed it since this ring last read or wrote it. */
    private synchronized void followFile() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(readAt)) return;
            var read = read(file);
            entries = List.copyOf(read);
            readAt = modified;
            signer.switchTo(current().key());
            writePublicFile();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(List<Entry> next) {
        var keys = new ArrayList<Map<String, Object>>();
        for (Entry e : next) keys.add(withTimes(e));
        var set = new LinkedHashMap<String, Object>();
        set.put("keys", keys);
        try {
            OwnerOnlyFiles.write(file, JSONObjectUtils.toJSONString(set).getBytes(StandardCharsets.UTF_8));
            entries = List.copyOf(next.stream().map(e -> new Entry(parse(withTimes(e)), e.created(), e.retiresAt())).toList());
            readAt = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the key file " + file + ": " + e.getMessage(), e);
        }
        writePublicFile();
    }

    private void writePublicFile() {
        KeyFiles.writePublic(publicFile, entries().stream().map(KeyRing::published).toList());
    }

    /** What is published of a key, on the web and in the public file alike: its public half, with its {@code iat} and {@code exp}. */
    private static JWK published(Entry e) {
        return parse(withTimes(e)).toPublicJWK();
    }

    /** The key's JWK with {@code iat} and, once replaced, {@code exp}, in seconds as RFC 7517 and JWT times are. */
    private static Map<String, Object> withTimes(Entry e) {
        Map<String, Object> json = new LinkedHashMap<>(e.key().toJSONObject());
        json.put("iat", e.created().getEpochSecond());
        if (e.retiresAt() == null) json.remove("exp");
        else json.put("exp", (e.retiresAt().toEpochMilli() + 999) / 1000);
        return json;
    }

    private static JWK parse(Map<String, Object> json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a key of the ring cannot be written: " + e.getMessage(), e);
        }
    }

    /** The next key id: {@code issuer-1} is followed by {@code issuer-2}, a key id without a number by itself with {@code -2}. */
    static String nextKeyId(List<Entry> entries) {
        String newest = entries.stream().filter(e -> e.retiresAt() == null).findFirst().orElseThrow().kid();
        Matcher m = NUMBERED.matcher(newest);
        String stem = m.matches() ? m.group(1) : newest;
        long highest = 1;
        for (Entry e : entries) {
            Matcher other = NUMBERED.matcher(e.kid());
            if (other.matches() && other.group(1).equals(stem)) highest = Math.max(highest, Long.parseLong(other.group(2)));
        }
        return stem + "-" + (highest + 1);
    }

    /** The default of {@code keys.retire-after}: longer than any token a server signs lives, the client assertions' minute and the issuer's approvals' minutes included. */
    public static final Duration DEFAULT_RETIRE_AFTER = Duration.ofHours(1);

    /** Reads {@code keys.retire-after}, the same setting on every server that signs. */
    public static Duration retireAfter(dev.contentpay.platform.config.ConfigReader r) {
        Duration d = r.duration("keys.retire-after", DEFAULT_RETIRE_AFTER, "how long a signing key replaced by `contentpay keys rotate` is still "
                + "published and accepted: at least the longest lifetime of a token it signed, plus a margin (docs/SECURITY.md, keys)");
        r.check(d == null || d.compareTo(Duration.ofSeconds(1)) >= 0, "keys.retire-after must be at least 1s");
        return d;
    }

    /** The default of {@code keys.max-age}: a year. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);

    /** Reads {@code keys.max-age}, past which {@code contentpay doctor} asks for a rotation; the same setting on every server that signs. */
    public static Duration maxAge(dev.contentpay.platform.config.ConfigReader r) {
        Duration d = r.duration("keys.max-age", DEFAULT_MAX_AGE, "how old the current signing key may grow before `contentpay doctor` "
                + "warns that it is time for `contentpay keys rotate`");
        r.check(d == null || !d.isNegative() && !d.isZero(), "keys.max-age must be positive");
        return d;
    }

    /** The oldest a key may be before {@code contentpay doctor} says so. */
    public static boolean olderThan(Entry e, Duration maxAge, Instant now) {
        return e.created().plus(maxAge).isBefore(now);
    }
}
