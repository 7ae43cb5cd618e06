package bench;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.*;

/**
 * What a heap dump's objects hold, for docs/notes/heap.md; not run by any script. A small HPROF reader: indexes every object, builds the reference graph, computes the dominator tree
 * (Cooper-Harvey-Kennedy on a DFS order from a virtual root over the GC roots) and answers:
 *   classes CLASS...          retained size per instance of each class (avg, count)
 *   path CLASS                 shortest path from a GC root to the first instance of CLASS, with field names
 *   tree CLASS DEPTH MIN       dominator subtree of the first instance of CLASS, children with retained >= MIN bytes
 *   fields CLASS               for the first instance: each reference field, its target class and retained size
 *   domby CLASS                histogram of the classes of the immediate dominators of instances of CLASS
 *   rsx SPEC[,SPEC...] PER [TOP]  what dropping a set would free: the objects reachable only through the set (SPEC is
 *                              CLASS, all its instances, or CLASS#field, what that field of each instance points to),
 *                              divided by PER (the number of viewers), by class
 *   top N                      the N classes with the most bytes reachable
 * Usage: java -Xmx6g -cp bench/out/classes bench.HeapWalk DUMP.hprof [COMMAND_FILE]: commands one a line from
 * standard input, or from COMMAND_FILE (a named pipe keeps the loaded dump for more commands; "quit" ends).
 * Sizes assume compressed oops and class pointers (12-byte header, 4-byte references, 8-byte alignment).
 */
public class HeapWalk {
    static MappedByteBuffer[] maps;
    static final long CHUNK = 1L << 30;
    static int idSize;

    static int u1(long pos) { return get(pos) & 0xff; }
    static byte get(long pos) { return maps[(int) (pos / CHUNK)].get((int) (pos % CHUNK)); }
    static int u2(long p) { return (u1(p) << 8) | u1(p + 1); }
    static int u4(long p) { return (u1(p) << 24) | (u1(p + 1) << 16) | (u1(p + 2) << 8) | u1(p + 3); }
    static long u8(long p) { return ((long) u4(p) << 32) | (u4(p + 4) & 0xffffffffL); }
    static long id(long p) { return idSize == 8 ? u8(p) : (u4(p) & 0xffffffffL); }

    static Map<Long, String> strings = new HashMap<>();
    static Map<Long, String> classNames = new HashMap<>(); // class object id -> name
    static class Cls { long id, superId; String name; int instSize; long[] fieldNames; byte[] fieldTypes; long[] staticRefs; int shallow; }
    static Map<Long, Cls> classes = new HashMap<>();

    // objects
    static int n;
    static long[] oid = new long[1 << 20];
    static long[] off = new long[1 << 20];
    static int[] kind = new int[1 << 20]; // class index into clsList for instances, -1-type for prim arrays, arrays: encoded
    static int[] size = new int[1 << 20];
    static List<String> typeNames = new ArrayList<>();
    static Map<String, Integer> typeIndex = new HashMap<>();

    static int type(String name) { return typeIndex.computeIfAbsent(name, k -> { typeNames.add(k); return typeNames.size() - 1; }); }

    static void add(long id, long offset, int t, int sz) {
        if (n == oid.length) {
            int c = n * 2;
            oid = Arrays.copyOf(oid, c); off = Arrays.copyOf(off, c); kind = Arrays.copyOf(kind, c); size = Arrays.copyOf(size, c);
        }
        oid[n] = id; off[n] = offset; kind[n] = t; size[n] = sz; n++;
    }

    static int tsize(int t) { return switch (t) { case 2 -> idSize; case 4, 8 -> 1; case 5, 9 -> 2; case 6, 10 -> 4; case 7, 11 -> 8; default -> throw new IllegalStateException("type " + t); }; }
    static int jsize(int t) { return t == 2 ? 4 : tsize(t); }
    static String primName(int t) { return switch (t) { case 4 -> "boolean[]"; case 5 -> "char[]"; case 6 -> "float[]"; case 7 -> "double[]"; case 8 -> "byte[]"; case 9 -> "short[]"; case 10 -> "int[]"; case 11 -> "long[]"; default -> "?[]"; }; }
    static int align(long s) { return (int) ((s + 7) & ~7L); }

    static List<Long> rootIds = new ArrayList<>();
    static List<String> rootKinds = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (FileChannel ch = FileChannel.open(file)) {
            long len = ch.size();
            maps = new MappedByteBuffer[(int) ((len + CHUNK - 1) / CHUNK)];
            for (int i = 0; i < maps.length; i++) {
                long start = i * CHUNK;
                maps[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK + 64, len - start));
            }
            long p = 0;
            while (get(p) != 0) p++;
            p++;
            idSize = u4(p); p += 4 + 8;
            List<long[]> instancePending = new ArrayList<>();
            while (p < len) {
                int tag = u1(p); long rlen = u4(p + 5) & 0xffffffffL; long body = p + 9; p = body + rlen;
                if (tag == 0x01) {
                    long sid = id(body); byte[] b = new byte[(int) rlen - idSize];
                    for (int i = 0; i < b.length; i++) b[i] = get(body + idSize + i);
                    strings.put(sid, new String(b, java.nio.charset.StandardCharsets.UTF_8));
                } else if (tag == 0x02) {
                    long cid = id(body + 4); long nameId = id(body + 8 + idSize);
                    classNames.put(cid, strings.get(nameId).replace('/', '.'));
                } else if (tag == 0x0C || tag == 0x1C) {
                    long q = body, end = body + rlen;
                    while (q < end) {
                        int st = u1(q); q++;
                        switch (st) {
                            case 0xFF -> { root(id(q), "unknown"); q += idSize; }
                            case 0x01 -> { root(id(q), "jni global"); q += 2L * idSize; }
                            case 0x02 -> { root(id(q), "jni local"); q += idSize + 8; }
                            case 0x03 -> { root(id(q), "java frame"); q += idSize + 8; }
                            case 0x04 -> { root(id(q), "native stack"); q += idSize + 4; }
                            case 0x05 -> { root(id(q), "sticky class"); q += idSize; }
                            case 0x06 -> { root(id(q), "thread block"); q += idSize + 4; }
                            case 0x07 -> { root(id(q), "monitor used"); q += idSize; }
                            case 0x08 -> { root(id(q), "thread object"); q += idSize + 8; }
                            case 0x20 -> {
                                Cls c = new Cls(); c.id = id(q); q += idSize + 4; c.superId = id(q); q += 6L * idSize;
                                c.instSize = u4(q); q += 4;
                                int cp = u2(q); q += 2;
                                for (int i = 0; i < cp; i++) { q += 2; int t = u1(q); q += 1 + tsize(t); }
                                int sc = u2(q); q += 2;
                                List<Long> sr = new ArrayList<>();
                                for (int i = 0; i < sc; i++) { q += idSize; int t = u1(q); q++; if (t == 2) sr.add(id(q)); q += tsize(t); }
                                c.staticRefs = sr.stream().mapToLong(Long::longValue).toArray();
                                int fc = u2(q); q += 2;
                                c.fieldNames = new long[fc]; c.fieldTypes = new byte[fc];
                                for (int i = 0; i < fc; i++) { c.fieldNames[i] = id(q); q += idSize; c.fieldTypes[i] = (byte) u1(q); q++; }
                                classes.put(c.id, c);
                                add(c.id, -1, type("class"), 0);
                            }
                            case 0x21 -> {
                                long o = id(q); long cid = id(q + idSize + 4); int nb = u4(q + 2L * idSize + 4);
                                add(o, q - 1, -2, 0); // class resolved later
                                instancePending.add(new long[] {n - 1, cid});
                                q += 2L * idSize + 8 + nb;
                            }
                            case 0x22 -> {
                                long o = id(q); int num = u4(q + idSize + 4); long acid = id(q + idSize + 8);
                                add(o, q - 1, -3, align(16 + 4L * num));
                                instancePending.add(new long[] {n - 1, acid});
                                q += 2L * idSize + 8 + (long) num * idSize;
                            }
                            case 0x23 -> {
                                long o = id(q); int num = u4(q + idSize + 4); int t = u1(q + idSize + 8);
                                add(o, q - 1, type(primName(t)), align(16 + (long) num * tsize(t)));
                                q += idSize + 9 + (long) num * tsize(t);
                            }
                            default -> throw new IllegalStateException("sub tag " + st + " at " + q);
                        }
                    }
                }
            }
            // shallow sizes of classes
            for (Cls c : classes.values()) {
                c.name = classNames.getOrDefault(c.id, "?" + c.id);
                int s = 12;
                for (Cls k = c; k != null; k = classes.get(k.superId)) for (byte t : k.fieldTypes) s += jsize(t);
                c.shallow = align(s);
            }
            for (long[] pend : instancePending) {
                int i = (int) pend[0]; Cls c = classes.get(pend[1]);
                String nm = c == null ? "?" : c.name;
                if (kind[i] == -2) { kind[i] = type(nm); size[i] = c == null ? 16 : c.shallow; }
                else { kind[i] = type(nm.startsWith("[L") ? nm.substring(2, nm.length() - 1) + "[]" : nm); }
                if (c != null && !nm.startsWith("[")) typeCls.put(kind[i], c);
            }
            System.err.printf("objects %,d, classes %,d, roots %,d%n", n, classes.size(), rootIds.size());
            sortIndex();
            buildGraph();
            dominators();
            repl(args);
        }
    }

    static Map<Integer, Cls> typeCls = new HashMap<>();

    static void root(long id, String k) { rootIds.add(id); rootKinds.add(k); }

    static int[] order; // indexes sorted by oid
    static long[] sortedIds;
    static void sortIndex() {
        Integer[] ord = new Integer[n];
        for (int i = 0; i < n; i++) ord[i] = i;
        Arrays.sort(ord, Comparator.comparingLong(i -> oid[i]));
        order = new int[n];
        sortedIds = new long[n];
        for (int i = 0; i < n; i++) { order[i] = ord[i]; sortedIds[i] = oid[ord[i]]; }
    }
    static int find(long id) {
        if (id == 0) return -1;
        int k = Arrays.binarySearch(sortedIds, id);
        return k < 0 ? -1 : order[k];
    }

    static int[] edgeStart, edges;
    static void buildGraph() {
        edgeStart = new int[n + 2];
        IntList e = new IntList();
        for (int i = 0; i < n; i++) {
            edgeStart[i] = e.size;
            refs(i, (t, f) -> e.add(t));
        }
        edgeStart[n] = e.size;
        // virtual root n -> all roots
        for (long r : rootIds) { int t = find(r); if (t >= 0) e.add(t); }
        edgeStart[n + 1] = e.size;
        edges = e.toArray();
        System.err.printf("edges %,d%n", edges.length);
    }

    interface RefSink { void ref(int target, String field); }

    /** Outgoing references of object i; field names only computed when named is true. */
    static void refs(int i, RefSink sink) { refs(i, sink, false); }
    static void refs(int i, RefSink sink, boolean named) {
        String tn = typeNames.get(kind[i]);
        if (tn.equals("class")) {
            Cls c = classes.get(oid[i]);
            for (long r : c.staticRefs) { int t = find(r); if (t >= 0) sink.ref(t, named ? "static" : null); }
            int s = find(c.superId); if (s >= 0) sink.ref(s, "super");
            return;
        }
        if (off[i] < 0) return;
        int st = u1(off[i]);
        long q = off[i] + 1;
        if (st == 0x21) {
            Cls c = typeCls.get(kind[i]);
            int cl = find(c == null ? 0 : c.id); if (cl >= 0) sink.ref(cl, "<class>");
            long data = q + 2L * idSize + 8;
            for (Cls k = c; k != null; k = classes.get(k.superId)) {
                for (int f = 0; f < k.fieldTypes.length; f++) {
                    int t = k.fieldTypes[f];
                    if (t == 2) { int tg = find(id(data)); if (tg >= 0) sink.ref(tg, named ? strings.get(k.fieldNames[f]) : null); }
                    data += tsize(t);
                }
            }
        } else if (st == 0x22) {
            int num = u4(q + idSize + 4);
            long data = q + 2L * idSize + 8;
            for (int a = 0; a < num; a++) { int tg = find(id(data + (long) a * idSize)); if (tg >= 0) sink.ref(tg, named ? "[" + a + "]" : null); }
        }
    }

    static int[] idom; static long[] retained; static int[] rpoNum;
    static void dominators() {
        int V = n + 1, root = n;
        // iterative DFS postorder
        int[] post = new int[V]; int pc = 0;
        rpoNum = new int[V]; Arrays.fill(rpoNum, -1);
        boolean[] seen = new boolean[V];
        int[] stack = new int[V]; int[] it = new int[V]; int sp = 0;
        stack[sp] = root; it[sp] = edgeStart[root]; sp++; seen[root] = true;
        while (sp > 0) {
            int v = stack[sp - 1];
            int end = edgeStart[v + 1];
            if (it[sp - 1] < end) {
                int w = edges[it[sp - 1]++];
                if (!seen[w]) { seen[w] = true; stack[sp] = w; it[sp] = edgeStart[w]; sp++; }
            } else { post[pc++] = v; sp--; }
        }
        // rpo numbers: root highest post number
        int[] byPost = new int[pc];
        for (int k = 0; k < pc; k++) { rpoNum[post[k]] = k; byPost[k] = post[k]; }
        // predecessors (only reachable)
        int[] predCount = new int[V + 1];
        for (int v = 0; v < V; v++) if (rpoNum[v] >= 0) for (int k = edgeStart[v]; k < edgeStart[v + 1]; k++) predCount[edges[k]]++;
        int[] predStart = new int[V + 1];
        for (int v = 0; v < V; v++) predStart[v + 1] = predStart[v] + predCount[v];
        int[] preds = new int[predStart[V]]; int[] fill = Arrays.copyOf(predStart, V);
        for (int v = 0; v < V; v++) if (rpoNum[v] >= 0) for (int k = edgeStart[v]; k < edgeStart[v + 1]; k++) preds[fill[edges[k]]++] = v;
        idom = new int[V]; Arrays.fill(idom, -1); idom[root] = root;
        boolean changed = true; int rounds = 0;
        while (changed) {
            changed = false; rounds++;
            for (int k = pc - 2; k >= 0; k--) { // reverse postorder, skipping root
                int b = byPost[k]; int nd = -1;
                for (int pi = predStart[b]; pi < predStart[b + 1]; pi++) {
                    int p = preds[pi];
                    if (idom[p] == -1) continue;
                    nd = nd == -1 ? p : intersect(p, nd);
                }
                if (idom[b] != nd) { idom[b] = nd; changed = true; }
            }
        }
        retained = new long[V];
        for (int k = 0; k < pc; k++) { int v = byPost[k]; if (v < n) retained[v] += size[v]; }
        // accumulate in postorder of dominator tree: process nodes by increasing rpo number (children before parents? no)
        // A node's idom has a higher postorder number, so adding in increasing post order works.
        for (int k = 0; k < pc - 1; k++) { int v = byPost[k]; retained[idom[v]] += retained[v]; }
        System.err.printf("dominators in %d rounds, reachable %,d, total retained %,d%n", rounds, pc, retained[root]);
    }
    static int intersect(int a, int b) {
        while (a != b) {
            while (rpoNum[a] < rpoNum[b]) a = idom[a];
            while (rpoNum[b] < rpoNum[a]) b = idom[b];
        }
        return a;
    }

    static String name(int i) { return i == n ? "<roots>" : typeNames.get(kind[i]); }

    static void repl(String[] args) throws IOException {
        while (true) {
        BufferedReader in = new BufferedReader(new InputStreamReader(args.length > 1 ? new FileInputStream(args[1]) : System.in));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("quit")) return;
            String[] a = line.trim().split("\\s+");
            if (a.length == 0 || a[0].isEmpty()) continue;
            System.out.println("### " + line);
            try {
                switch (a[0]) {
                    case "classes" -> { for (int k = 1; k < a.length; k++) classStats(a[k]); }
                    case "path" -> path(a[1], a.length > 2 ? Integer.parseInt(a[2]) : 0);
                    case "tree" -> tree(first(a[1], a.length > 4 ? Integer.parseInt(a[4]) : 0), 0, Integer.parseInt(a[2]), Long.parseLong(a[3]), "");
                    case "fields" -> fields(first(a[1], a.length > 2 ? Integer.parseInt(a[2]) : 0));
                    case "domby" -> domby(a[1]);
                    case "top" -> top(Integer.parseInt(a[1]));
                    case "rsx" -> rsx(a[1], Integer.parseInt(a[2]), a.length > 3 ? Integer.parseInt(a[3]) : 30);
                    default -> System.out.println("?");
                }
            } catch (RuntimeException e) { e.printStackTrace(System.out); }
            System.out.println("### done");
            System.out.flush();
        }
        if (args.length < 2) return;
        }
    }
    static int first(String cls, int nth) {
        int t = typeIndex.getOrDefault(cls, -9);
        for (int i = 0; i < n; i++) if (kind[i] == t && rpoNum[i] >= 0 && nth-- == 0) return i;
        throw new IllegalArgumentException("no " + cls);
    }
    static void classStats(String cls) {
        int t = typeIndex.getOrDefault(cls, -9); long c = 0, r = 0, s = 0;
        for (int i = 0; i < n; i++) if (kind[i] == t && rpoNum[i] >= 0) { c++; r += retained[i]; s += size[i]; }
        System.out.printf("%-70s count %,8d shallow %,6d avg retained %,9.1f total retained %,d%n", cls, c, c == 0 ? 0 : s / c, c == 0 ? 0.0 : (double) r / c, r);
    }
    static void path(String cls, int nth) {
        int target = first(cls, nth);
        // BFS from virtual root
        int[] parent = new int[n + 1]; Arrays.fill(parent, -2); parent[n] = n;
        ArrayDeque<Integer> q = new ArrayDeque<>(); q.add(n);
        while (!q.isEmpty() && parent[target] == -2) {
            int v = q.poll();
            for (int k = edgeStart[v]; k < edgeStart[v + 1]; k++) { int w = edges[k]; if (parent[w] == -2) { parent[w] = v; q.add(w); } }
        }
        List<Integer> chain = new ArrayList<>();
        for (int v = target; v != n; v = parent[v]) chain.add(v);
        Collections.reverse(chain);
        int prev = n;
        for (int v : chain) {
            String field = "";
            if (prev != n) { final int want = v; String[] f = {null}; refs(prev, (t, fn) -> { if (t == want && f[0] == null) f[0] = fn; }, true); field = "." + f[0] + " -> "; }
            else { int ri = rootIds.indexOf(oid[v]); field = "root(" + (ri >= 0 ? rootKinds.get(ri) : "?") + ") "; }
            System.out.printf("  %s%s @%x  retained %,d%n", field, name(v), oid[v], retained[v]);
            prev = v;
        }
    }
    static int[] childStart, childList;
    static void buildChildren() {
        if (childStart != null) return;
        childStart = new int[n + 2];
        for (int v = 0; v < n; v++) if (rpoNum[v] >= 0 && idom[v] >= 0) childStart[idom[v] + 1]++;
        for (int v = 0; v <= n; v++) childStart[v + 1] += childStart[v];
        childList = new int[childStart[n + 1]]; int[] fill = Arrays.copyOf(childStart, n + 1);
        for (int v = 0; v < n; v++) if (rpoNum[v] >= 0 && idom[v] >= 0) childList[fill[idom[v]]++] = v;
    }
    static void tree(int v, int depth, int maxDepth, long min, String via) {
        buildChildren();
        System.out.printf("%s%s%s retained %,d (shallow %d)%n", "  ".repeat(depth), via, name(v), retained[v], size[v]);
        if (depth >= maxDepth) return;
        Map<Integer, String> fieldOf = new HashMap<>();
        refs(v, (t, f) -> fieldOf.putIfAbsent(t, f), true);
        List<Integer> kids = new ArrayList<>();
        for (int k = childStart[v]; k < childStart[v + 1]; k++) kids.add(childList[k]);
        kids.sort((x, y) -> Long.compare(retained[y], retained[x]));
        long rest = 0; int restN = 0;
        for (int c : kids) {
            if (retained[c] >= min) tree(c, depth + 1, maxDepth, min, fieldOf.containsKey(c) ? "." + fieldOf.get(c) + " = " : "(indirect) ");
            else { rest += retained[c]; restN++; }
        }
        if (restN > 0) System.out.printf("%s... %d smaller children, %,d bytes%n", "  ".repeat(depth + 1), restN, rest);
    }
    static void fields(int v) {
        System.out.printf("%s @%x retained %,d%n", name(v), oid[v], retained[v]);
        refs(v, (t, f) -> System.out.printf("  .%s -> %s @%x retained %,d%s%n", f, name(t), oid[t], retained[t], idom[t] == v ? " (dominated)" : ""), true);
    }
    static void domby(String cls) {
        int t = typeIndex.getOrDefault(cls, -9);
        Map<String, long[]> m = new TreeMap<>();
        for (int i = 0; i < n; i++) if (kind[i] == t && rpoNum[i] >= 0) { long[] c = m.computeIfAbsent(name(idom[i]), k -> new long[2]); c[0]++; c[1] += retained[i]; }
        m.forEach((k, c) -> System.out.printf("  %-70s %,8d  retained %,d%n", k, c[0], c[1]));
    }
    static void top(int k) {
        // classes by total retained of instances whose immediate dominator is of a different class
        Map<Integer, long[]> m = new HashMap<>();
        for (int i = 0; i < n; i++) if (rpoNum[i] >= 0) { long[] c = m.computeIfAbsent(kind[i], x -> new long[3]); c[0]++; c[1] += size[i]; }
        m.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).limit(k)
                .forEach(e -> System.out.printf("  %-70s %,9d objects %,12d bytes%n", typeNames.get(e.getKey()), e.getValue()[0], e.getValue()[1]));
    }

    /** Retained set of the union of SPEC (Class or Class#field, comma separated), divided by PER. */
    static void rsx(String specs, int per, int top) {
        boolean[] inS = new boolean[n + 1]; int count = 0;
        for (String spec : specs.split(",")) {
            String[] cf = spec.split("#");
            int t = typeIndex.getOrDefault(cf[0], -9);
            for (int i = 0; i < n; i++) if (kind[i] == t && rpoNum[i] >= 0) {
                if (cf.length == 1) { if (!inS[i]) { inS[i] = true; count++; } }
                else { int[] c = {0}; final boolean[] s2 = inS; refs(i, (tg, f) -> { if (cf[1].equals(f) && !s2[tg]) { s2[tg] = true; c[0]++; } }, true); count += c[0]; }
            }
        }
        boolean[] outside = new boolean[n + 1];
        ArrayDeque<Integer> q = new ArrayDeque<>(); q.add(n); outside[n] = true;
        while (!q.isEmpty()) { int v = q.poll(); for (int k = edgeStart[v]; k < edgeStart[v + 1]; k++) { int w = edges[k]; if (!outside[w] && !inS[w]) { outside[w] = true; q.add(w); } } }
        boolean[] mine = new boolean[n + 1]; long total = 0; Map<Integer, long[]> byType = new HashMap<>();
        for (int i = 0; i < n; i++) if (inS[i]) { mine[i] = true; q.add(i); }
        while (!q.isEmpty()) { int v = q.poll(); total += size[v]; long[] c = byType.computeIfAbsent(kind[v], x -> new long[2]); c[0]++; c[1] += size[v];
            for (int k = edgeStart[v]; k < edgeStart[v + 1]; k++) { int w = edges[k]; if (!mine[w] && !outside[w]) { mine[w] = true; q.add(w); } } }
        System.out.printf("S = %,d objects; retained %,d bytes = %,.1f per %d%n", count, total, (double) total / per, per);
        byType.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).limit(top)
                .forEach(e -> System.out.printf("  %-70s %8.2f objects %,9.1f bytes%n", typeNames.get(e.getKey()), (double) e.getValue()[0] / per, (double) e.getValue()[1] / per));
    }

    static final class IntList {
        int[] a = new int[1 << 20]; int size;
        void add(int v) { if (size == a.length) a = Arrays.copyOf(a, size * 2); a[size++] = v; }
        int[] toArray() { return Arrays.copyOf(a, size); }
    }
}
