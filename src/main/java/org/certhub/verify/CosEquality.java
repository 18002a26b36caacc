package org.certhub.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;

/**
 * Whether two PDF objects, one from the sealed revision of a file and one from the file as it is now, say the same:
 * dictionaries key by key, arrays item by item, streams by their stored bytes, references by what they point to.
 * Back-references ({@code /Parent}, an annotation's {@code /P}) are not followed. It also notes when the file now
 * points somewhere else at an object that was already in the sealed revision: the mark of the hide-and-replace
 * shadow attack, whose update only re-points references at content hidden in the signed bytes.
 */
final class CosEquality {

    private static final Set<COSName> BACK_REFERENCES = Set.of(COSName.PARENT, COSName.P);

    private final COSDocument sealed;
    private final Map<COSBase, Set<COSBase>> compared = new IdentityHashMap<>();
    private boolean redirected;
    private int depth;

    /** Objects nested deeper than this are not followed: they count as different. */
    static final int MAX_DEPTH = 100;

    /** @param sealed the sealed revision's document: which objects existed when the file was sealed */
    CosEquality(COSDocument sealed) {
        this.sealed = sealed;
    }

    /** Whether a reference compared so far points now at another object that the sealed revision already held. */
    boolean redirected() {
        return redirected;
    }

    boolean same(COSBase before, COSBase now) {
        if (depth >= MAX_DEPTH) {
            return false;
        }
        depth++;
        try {
            return compare(before, now);
        } finally {
            depth--;
        }
    }

    private boolean compare(COSBase before, COSBase now) {
        if (before instanceof COSObject reference || now instanceof COSObject) {
            COSObjectKey keyBefore = before instanceof COSObject r ? r.getKey() : null;
            COSObjectKey keyNow = now instanceof COSObject r ? r.getKey() : null;
            if (keyNow != null
                    && !keyNow.equals(keyBefore)
                    && sealed.getXrefTable().containsKey(keyNow)) {
                redirected = true;
            }
        }
        COSBase a = before instanceof COSObject r ? r.getObject() : before;
        COSBase b = now instanceof COSObject r ? r.getObject() : now;
        if (a == null || b == null) {
            return a == b;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof COSDictionary || a instanceof COSArray) {
            // objects that refer to each other: a pair under comparison counts as the same until shown otherwise
            if (!compared.computeIfAbsent(a, k -> java.util.Collections.newSetFromMap(new IdentityHashMap<>()))
                    .add(b)) {
                return true;
            }
        }
        if (a instanceof COSStream sa) {
            return sameEntries(sa, (COSStream) b) && sameData(sa, (COSStream) b);
        }
        if (a instanceof COSDictionary da) {
            return sameEntries(da, (COSDictionary) b);
        }
        if (a instanceof COSArray aa) {
            COSArray ab = (COSArray) b;
            if (aa.size() != ab.size()) {
                return false;
            }
            for (int i = 0; i < aa.size(); i++) {
                if (!same(aa.get(i), ab.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** The entries of two dictionaries but some, which the caller compares its own way. */
    boolean sameEntries(COSDictionary a, COSDictionary b, COSName... except) {
        Set<COSName> skipped = Set.of(except);
        var keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (COSName key : keys) {
            if (BACK_REFERENCES.contains(key) || skipped.contains(key)) {
                continue;
            }
            // a stream's length is that of its stored bytes, which are compared (an indirect length is another object)
            if (a instanceof COSStream && key.equals(COSName.LENGTH)) {
                continue;
            }
            if (!same(a.getItem(key), b.getItem(key))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Streams are compared as stored, never decoded: an update that does not rewrite a stream leaves its bytes as they
     * were, and one that re-encodes the same content has still changed the file after sealing. Nothing a forger
     * compressed to expand to gigabytes is ever unpacked here, on a public endpoint; stored streams longer than
     * {@link #MAX_STREAM} count as different.
     */
    private static boolean sameData(COSStream a, COSStream b) {
        byte[] rawA = raw(a);
        return rawA != null && java.util.Arrays.equals(rawA, raw(b));
    }

    /** Stored streams at most this long are compared (a 10 MB upload cannot hold longer ones). */
    static final int MAX_STREAM = 16 << 20;

    private static byte[] raw(COSStream stream) {
        try (InputStream in = stream.createRawInputStream()) {
            byte[] bytes = in.readNBytes(MAX_STREAM + 1);
            return bytes.length > MAX_STREAM ? null : bytes;
        } catch (IOException e) {
            return null;
        }
    }
}
