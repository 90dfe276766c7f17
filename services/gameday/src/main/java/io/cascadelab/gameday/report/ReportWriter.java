package io.cascadelab.gameday.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

import io.cascadelab.gameday.run.GameDayRun;
import io.cascadelab.gameday.run.GameDayView;
import io.cascadelab.gameday.run.SignalNames;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes {@code report.json}, {@code report.html} and {@code report.txt} for a run under {@code .cascade/runs/<id>/}. */
public final class ReportWriter {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path runsDir;

    public ReportWriter(Path runsDir) {
        this.runsDir = runsDir;
    }

    public static Report report(GameDayRun run) {
        Map<String, List<double[]>> series = run.signals();
        GameDayRun.Identity id = run.identity();
        Double leasesActive = last(series.get(SignalNames.LEASES_ACTIVE));
        Double leasesExpired = last(series.get(SignalNames.LEASES_EXPIRED));
        Double leasesEstablishing = last(series.get(SignalNames.LEASES_ESTABLISHING));
        Double recovered = leasesActive == null ? null : leasesActive
                / Math.max(1, leasesActive + nz(leasesExpired) + nz(leasesEstablishing));
        Report.Summary summary = new Report.Summary(recovered,
                fold(series.get(SignalNames.HEALTH_FLIPS), Math::max),
                fold(series.get(SignalNames.AZS_IN_DNS), Math::min),
                fold(series.get(SignalNames.CUSTOMER_ERROR_RATE), Math::max),
                fold(series.get(SignalNames.DNS_ANSWERS), Math::min),
                fold(series.get(SignalNames.DYNAMO_ERROR_RATE), Math::max));
        return new Report(id.id(), id.scenario().name(), id.mode(), id.operator(), id.seed(), id.timeScale(),
                run.outcome(), run.startedAt().toString(), run.t0(), run.now(), run.phases(), run.events(), summary,
                series);
    }

    /** @return the run's directory */
    public Path write(Report report) {
        Path dir = runsDir.resolve(report.id());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(report));
            Files.writeString(dir.resolve("report.txt"), table(report));
            Files.writeString(dir.resolve("report.html"), ReportHtml.render(report));
            Files.writeString(runsDir.resolve("latest"), report.id() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report under " + dir, e);
        }
        return dir;
    }

    /** The side-by-side table {@code ./cascade report} prints: measured vs AWS, per phase. */
    public static String table(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "run %s  scenario %s  mode %s  operator %s  seed %d  time scale %s×  %s%n",
                report.id(), report.scenario(), report.mode(), report.operator(), report.seed(),
                trim(report.timeScale()), report.status()));
        out.append(String.format(Locale.ROOT, "%-24s %-9s %-10s %9s %9s %9s %9s %7s%n", "phase", "occurred", "ends by",
                "start", "AWS start", "duration", "AWS", "ratio"));
        for (GameDayView.Phase phase : report.phases()) {
            Double length = phase.startSeconds() != null && phase.endSeconds() != null
                    ? phase.endSeconds() - phase.startSeconds() : null;
            out.append(String.format(Locale.ROOT, "%-24s %-9s %-10s %9s %9s %9s %9s %7s%n", phase.id(),
                    phase.occurred() ? "yes" : "no", phase.kind(), hm(phase.startSeconds()), hm(phase.awsStartSeconds()),
                    length == null ? (phase.occurred() ? "open" : "-") : hm(length), hm(phase.awsSeconds()),
                    length == null ? "-" : String.format(Locale.ROOT, "%.2f", length / phase.awsSeconds())));
        }
        Report.Summary s = report.signals();
        out.append(String.format(Locale.ROOT, "leases recovered %s  health flips/min max %s  AZs in DNS min %s  "
                        + "customer error rate max %s%n", num(s.leasesRecoveredFraction()), num(s.healthFlipsMax()),
                num(s.azsInDnsMin()), num(s.customerErrorRateMax())));
        return out.toString();
    }

    static String hm(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        long minutes = Math.round(seconds / 60);
        return (minutes < 0 ? "-" : "") + Math.abs(minutes) / 60 + ":" + String.format(Locale.ROOT, "%02d", Math.abs(minutes) % 60);
    }

    private static String num(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double nz(Double value) {
        return value == null ? 0 : value;
    }

    private static Double last(List<double[]> series) {
        return series == null || series.isEmpty() ? null : series.get(series.size() - 1)[1];
    }

    private static Double fold(List<double[]> series, DoubleBinaryOperator op) {
        if (series == null || series.isEmpty()) {
            return null;
        }
        double acc = series.get(0)[1];
        for (double[] point : series) {
            acc = op.applyAsDouble(acc, point[1]);
        }
        return acc;
    }
}
