package bench;

import static bench.Harness.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The report of bench/versus-keycloak.sh: reads the lines bench.RotationBench appended with
 * {@code --results} (one per server, pair and level) and prints, per pair and over all pairs, the
 * rates, latencies and CPU per rotation of Keycloak and Tokenkeeper side by side, with the ratio
 * Tokenkeeper / Keycloak. Only a ratio measured in one sitting means anything: the machine's speed
 * moves from day to day by more than the difference between the servers.
 */
public class VersusReport {

    /** One level of one run, as RotationBench.LevelResult#append wrote it. */
    record Row(int pair, String server, int level, double rate, double p50, double p99, long errors,
            double serviceMs, double postgresMs, double driverMs, double othersPercent, int families) {
        double serverMs() {
            return serviceMs + postgresMs;
        }

        static Row parse(String line) {
            String[] f = line.split("\t");
            return new Row(Integer.parseInt(f[0].replaceAll("\\D", "")), f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]), Integer.parseInt(f[11]));
        }
    }

    final Options common = new Options("http://127.0.0.1:18080");
    Path results;
    String keycloak = "Keycloak";
    String keycloakJava = "unknown";
    String setting = "";

    public static void main(String[] args) throws IOException {
        VersusReport report = new VersusReport();
        try {
            Harness.parse(args, report.common, "VersusReport", "--results FILE --keycloak TEXT --keycloak-java V --setting TEXT",
                    (name, value) -> {
                        switch (name) {
                            case "--results" -> report.results = Path.of(value);
                            case "--keycloak" -> report.keycloak = value;
                            case "--keycloak-java" -> report.keycloakJava = value;
                            case "--setting" -> report.setting = value;
                            default -> {
                                return false;
                            }
                        }
                        return true;
                    });
            if (report.results == null) {
                throw new IllegalArgumentException("--results is needed");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("VersusReport: " + e.getMessage());
            System.exit(64);
        }
        System.exit(report.print());
    }

    int print() throws IOException {
        List<Row> rows = new ArrayList<>();
        if (Files.exists(results)) {
            for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(Row.parse(line));
                }
            }
        }
        System.out.println("== Tokenkeeper against " + keycloak + ": refresh-token rotation, one driver (bench.RotationBench), one PostgreSQL, one sitting");
        printMachine(common);
        System.out.println("java of Keycloak: " + keycloakJava);
        System.out.println("run: " + setting);
        System.out.println();
        if (rows.isEmpty()) {
            System.out.println("no measurements in " + results);
            return 1;
        }
        // pair -> level -> server -> row
        Map<Integer, Map<Integer, Map<String, Row>>> byPair = new TreeMap<>();
        for (Row r : rows) {
            byPair.computeIfAbsent(r.pair, p -> new TreeMap<>()).computeIfAbsent(r.level, l -> new TreeMap<>()).put(r.server, r);
        }
        System.out.println("== per pair (ratio = Tokenkeeper / Keycloak: above 1 Tokenkeeper rotates faster, or spends more CPU per rotation)");
        System.out.println("| pair | connections | Keycloak rot/s | Tokenkeeper rot/s | ratio | p50 ms KC / TK | p99 ms KC / TK"
                + " | service CPU ms/rot KC / TK | PostgreSQL CPU ms/rot KC / TK | service+PostgreSQL KC / TK | CPU ratio | errors KC / TK | other processes KC / TK |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Map<Integer, List<Row[]>> byLevel = new TreeMap<>();
        byPair.forEach((pair, levels) -> levels.forEach((level, servers) -> {
            Row kc = servers.get("keycloak");
            Row tk = servers.get("tokenkeeper");
            if (kc == null || tk == null) {
                System.out.printf(Locale.ROOT, "| %d | %d | %s | %s | – | | | | | | | | incomplete pair |%n", pair, level,
                        kc == null ? "–" : fmt(kc.rate, 0), tk == null ? "–" : fmt(tk.rate, 0));
                return;
            }
            byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(new Row[] {kc, tk});
            System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %s | %.1f / %.1f | %.1f / %.1f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %s | %d / %d | %.0f%% / %.0f%% |%n",
                    pair, level, kc.rate, tk.rate, ratio(tk.rate, kc.rate), kc.p50, tk.p50, kc.p99, tk.p99,
                    kc.serviceMs, tk.serviceMs, kc.postgresMs, tk.postgresMs, kc.serverMs(), tk.serverMs(),
                    ratio(tk.serverMs(), kc.serverMs()), kc.errors, tk.errors, kc.othersPercent, tk.othersPercent);
        }));
        System.out.println();
        if (byLevel.isEmpty()) {
            System.out.println("no complete pair");
            return 1;
        }
        System.out.println("== overall (means over the pairs; the ratio of the means, then the per-pair ratios' range)");
        System.out.println("| connections | pairs | Keycloak rot/s | Tokenkeeper rot/s | ratio (per pair) | p50 ms KC / TK | p99 ms KC / TK"
                + " | service CPU ms/rot KC / TK | PostgreSQL CPU ms/rot KC / TK | service+PostgreSQL KC / TK | CPU ratio (per pair) | errors KC / TK |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<String> sentences = new ArrayList<>();
        byLevel.forEach((level, pairs) -> {
            double kcRate = mean(pairs, 0, Row::rate);
            double tkRate = mean(pairs, 1, Row::rate);
            double kcCpu = mean(pairs, 0, Row::serverMs);
            double tkCpu = mean(pairs, 1, Row::serverMs);
            double[] rateRatios = pairs.stream().mapToDouble(p -> p[1].rate / p[0].rate).sorted().toArray();
            double[] cpuRatios = pairs.stream().mapToDouble(p -> p[1].serverMs() / p[0].serverMs()).sorted().toArray();
            long kcErrors = pairs.stream().mapToLong(p -> p[0].errors).sum();
            long tkErrors = pairs.stream().mapToLong(p -> p[1].errors).sum();
            System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %s (%s) | %.1f / %.1f | %.1f / %.1f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %s (%s) | %d / %d |%n",
                    level, pairs.size(), kcRate, tkRate, ratio(tkRate, kcRate), range(rateRatios),
                    mean(pairs, 0, Row::p50), mean(pairs, 1, Row::p50), mean(pairs, 0, Row::p99), mean(pairs, 1, Row::p99),
                    mean(pairs, 0, Row::serviceMs), mean(pairs, 1, Row::serviceMs),
                    mean(pairs, 0, Row::postgresMs), mean(pairs, 1, Row::postgresMs), kcCpu, tkCpu,
                    ratio(tkCpu, kcCpu), range(cpuRatios), kcErrors, tkErrors);
            sentences.add(String.format(Locale.ROOT, "at %d connections Tokenkeeper rotated at %s Keycloak's rate (%.0f against %.0f/s, pairs %s)"
                    + " for %s its CPU per rotation (service + PostgreSQL %.2f against %.2f ms)",
                    level, ratio(tkRate, kcRate), tkRate, kcRate, range(rateRatios), ratio(tkCpu, kcCpu), tkCpu, kcCpu));
        });
        System.out.println();
        System.out.println("ratio: " + String.join("; ", sentences) + ".");
        rows.stream().filter(r -> r.families != rows.get(0).families).findFirst().ifPresent(r -> System.out.printf(Locale.ROOT,
                "!! not every run rotated the same number of families (%s): see the runs' own reports for the families that could not be created%n",
                rows.stream().map(x -> x.server + " pair " + x.pair + ": " + x.families).distinct().reduce((a, b) -> a + ", " + b).orElse("")));
        double worstOthers = rows.stream().mapToDouble(Row::othersPercent).max().orElse(0);
        if (worstOthers > 5) {
            System.out.printf(Locale.ROOT, "!! not a clean sitting: other processes took up to %.0f%% of the machine during a window"
                    + " (the idle server of the pair is one of them)%n", worstOthers);
        }
        return 0;
    }

    static double mean(List<Row[]> pairs, int side, ToDoubleFunction<Row> figure) {
        return pairs.stream().mapToDouble(p -> figure.applyAsDouble(p[side])).average().orElse(Double.NaN);
    }

    static String ratio(double a, double b) {
        return b > 0 && Double.isFinite(a) ? String.format(Locale.ROOT, "%.2f×", a / b) : "–";
    }

    static String range(double[] sorted) {
        if (sorted.length == 0 || Arrays.stream(sorted).anyMatch(d -> !Double.isFinite(d))) {
            return "–";
        }
        return sorted.length == 1 ? String.format(Locale.ROOT, "%.2f", sorted[0])
                : String.format(Locale.ROOT, "%.2f–%.2f", sorted[0], sorted[sorted.length - 1]);
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
