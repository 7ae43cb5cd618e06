package dev.tokenkeeper.it;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} in Prometheus text format: each series' value, found by name and a subset of its labels. */
final class Scrape {

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Series(String name, Map<String, String> labels, double value) {
    }

    private final java.util.List<Series> series = new java.util.ArrayList<>();

    Scrape(String text) {
        for (String line : text.split("\n")) {
            Matcher matcher = SERIES.matcher(line.strip());
            if (line.startsWith("#") || !matcher.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            series.add(new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
        }
    }

    /** The sum over the series of {@code name} whose labels include {@code labels} (pairs: name, value, …); 0 when none. */
    double value(String name, String... labels) {
        double sum = 0;
        for (Series one : series) {
            if (one.name().equals(name) && matches(one.labels(), labels)) {
                sum += one.value();
            }
        }
        return sum;
    }

    /** How much the series grew from this scrape to {@code later}, as a whole number. */
    long delta(Scrape later, String name, String... labels) {
        return Math.round(later.value(name, labels) - value(name, labels));
    }

    boolean has(String name) {
        return series.stream().anyMatch(one -> one.name().equals(name));
    }

    private static boolean matches(Map<String, String> labels, String... wanted) {
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(labels.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
