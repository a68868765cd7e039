package com.riskpolicy.rules;

import com.riskpolicy.domain.RiskCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.definitions.impl.KnowledgePackageImpl;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.core.impl.KnowledgeBaseImpl;
import org.drools.mvel.MVELKnowledgePackageImpl;
import org.jboss.logging.Logger;
import org.kie.api.definition.KiePackage;

/**
 * Compiled rule packages kept on disk, so that a start whose rules folder is unchanged skips
 * Drools' compile (parsing, analysing every constraint, compiling the consequences' Java), which is
 * most of what the rules take of a start: BENCHMARKS.md, Rule reload and startup. The rule set built
 * from them is self-tested and runs its policy examples like any other before it is activated.
 *
 * <p>An entry belongs to one revision of the rules folder and one build of the service and of
 * Drools (the {@linkplain #buildFingerprint() fingerprint}): the packages hold the consequences'
 * compiled classes and refer to the service's fact classes, so another build never reads them. An
 * entry that cannot be read (damaged, or written by an incompatible build) is deleted and the
 * folder compiled again. The folder is as sensitive as {@code rules/} itself: its entries hold code
 * the service runs, so it belongs to the service's user alone.
 */
public final class CompiledRuleCache {

    private static final Logger LOG = Logger.getLogger(CompiledRuleCache.class);
    private static final String FORMAT = "risk-policy compiled rules 1";
    private static final String SUFFIX = ".rules";
    /** Entries kept: the active rule set, the ones before it and candidates proposed since. */
    private static final int KEPT = 8;
    private static final CompiledRuleCache OFF = new CompiledRuleCache(null, "");

    private final Path directory;
    private final String fingerprint;

    private CompiledRuleCache(Path directory, String fingerprint) {
        this.directory = directory;
        this.fingerprint = fingerprint;
    }

    /** No cache: every rule set is compiled. */
    public static CompiledRuleCache off() {
        return OFF;
    }

    /**
     * A cache in {@code directory}, made when first written; off, with a warning, when the build
     * cannot be fingerprinted (its classes come from neither a jar nor a folder).
     */
    public static CompiledRuleCache in(Path directory) {
        Optional<String> fingerprint = buildFingerprint();
        if (fingerprint.isEmpty()) {
            LOG.warnf("Compiled rules are not cached in %s: the service's classes come from neither a jar nor a folder,"
                    + " so a cached rule set could not be told from another build's", directory.toAbsolutePath());
            return OFF;
        }
        return new CompiledRuleCache(directory, fingerprint.get());
    }

    public boolean isOn() {
        return directory != null;
    }

    /** The packages compiled for this revision by this build, if kept and readable. */
    Optional<Collection<KiePackage>> read(String revision, ClassLoader factsClassLoader) {
        if (!isOn()) {
            return Optional.empty();
        }
        Path entry = entry(revision);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("The compiled rules %s cannot be read (%s); compiling the folder", entry, e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(packages(bytes, key(revision), factsClassLoader));
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            discard(revision, e);
            return Optional.empty();
        }
    }

    /** Deletes a revision's entry that could not be used, so that the folder is compiled and kept again. */
    void discard(String revision, Throwable why) {
        Path entry = entry(revision);
        LOG.warnf("The compiled rules %s are not usable (%s); deleting them and compiling the folder", entry, why);
        deleteQuietly(entry);
    }

    /**
     * Keeps the packages just compiled for this revision. A failure to write costs only the next
     * start's time, so it is logged and never stops a compile.
     */
    void write(String revision, Collection<KiePackage> packages) {
        if (!isOn()) {
            return;
        }
        Path entry = entry(revision);
        try {
            byte[] bytes = entryBytes(key(revision), packages);
            createPrivately(directory);
            Path written = Files.createTempFile(directory, "writing-", ".tmp");
            try {
                Files.write(written, bytes);
                Files.move(written, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteQuietly(written);
            }
            pruneBeyond(KEPT);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("The compiled rules of %s cannot be kept in %s (%s); the next start compiles them again", revision,
                    directory.toAbsolutePath(), e);
        }
    }

    /** Made readable by the service's user alone where the file system has POSIX permissions. */
    private static void createPrivately(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** The file of a revision: named by the key's digest, so that a revision of another build is another file. */
    Path entry(String revision) {
        return directory.resolve(HexFormat.of().formatHex(sha256(key(revision).getBytes(StandardCharsets.UTF_8)), 0, 16) + SUFFIX);
    }

    private String key(String revision) {
        return revision + " " + fingerprint;
    }

    /**
     * The format line; the key; the payload's length and SHA-256 (a torn or damaged file is told
     * before Java deserialises a byte of it); the payload, the packages as Drools serialises them.
     */
    private static byte[] entryBytes(String key, Collection<KiePackage> packages) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(256 * 1024);
        try (ObjectOutputStream out = new DroolsObjectOutputStream(payload)) {
            out.writeObject(new ArrayList<>(packages));
        }
        byte[] payloadBytes = payload.toByteArray();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payloadBytes.length + 512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(FORMAT);
            out.writeUTF(key);
            out.writeInt(payloadBytes.length);
            out.write(sha256(payloadBytes));
            out.write(payloadBytes);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Collection<KiePackage> packages(byte[] bytes, String key, ClassLoader factsClassLoader)
            throws IOException, ClassNotFoundException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        String format = in.readUTF();
        if (!FORMAT.equals(format)) {
            throw new IOException("format '" + format + "', expected '" + FORMAT + "'");
        }
        String writtenFor = in.readUTF();
        if (!key.equals(writtenFor)) {
            throw new IOException("written for " + writtenFor + ", not " + key);
        }
        byte[] payload = new byte[in.readInt()];
        byte[] digest = in.readNBytes(32);
        in.readFully(payload);
        if (!MessageDigest.isEqual(digest, sha256(payload))) {
            throw new IOException("its SHA-256 does not match its contents");
        }
        try (ObjectInputStream objects = new DroolsObjectInputStream(new ByteArrayInputStream(payload), factsClassLoader)) {
            return (List<KiePackage>) objects.readObject();
        }
    }

    private void pruneBeyond(int kept) throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(directory)) {
            entries = files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(CompiledRuleCache::modified).reversed())
                    .toList();
        }
        entries.stream().skip(kept).forEach(CompiledRuleCache::deleteQuietly);
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", file, e.getMessage());
        }
    }

    /**
     * What the packages depend on besides the rules: the Java runtime, Drools' own jars (named with
     * their version) and the contents of the service's classes (the fact classes the rules match and
     * the consequences call), hashed. Empty when the service's classes cannot be located.
     */
    static Optional<String> buildFingerprint() {
        MessageDigest digest = newDigest();
        digest.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
        for (Class<?> drools : List.of(KnowledgeBuilderImpl.class, KnowledgeBaseImpl.class, KnowledgePackageImpl.class,
                MVELKnowledgePackageImpl.class)) {
            Optional<Path> source = codeSource(drools);
            if (source.isEmpty()) {
                return Optional.empty();
            }
            digest.update(source.get().getFileName().toString().getBytes(StandardCharsets.UTF_8));
        }
        Optional<Path> service = codeSource(RiskCatalog.class);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        try {
            digest.update(contentsDigest(service.get()));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.of("build:" + HexFormat.of().formatHex(digest.digest()));
    }

    private static Optional<Path> codeSource(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(location.toURI());
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The SHA-256 of a jar's bytes, or of every file of a folder of classes with its relative path, in a fixed order. */
    static byte[] contentsDigest(Path source) throws IOException {
        MessageDigest digest = newDigest();
        if (Files.isRegularFile(source)) {
            digestFile(source, digest);
            return digest.digest();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            digest.update((source.relativize(file) + "\0" + Files.size(file) + "\0").getBytes(StandardCharsets.UTF_8));
            digestFile(file, digest);
        }
        return digest.digest();
    }

    private static void digestFile(Path file, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return isOn() ? directory.toAbsolutePath().toString() : "off";
    }

}
