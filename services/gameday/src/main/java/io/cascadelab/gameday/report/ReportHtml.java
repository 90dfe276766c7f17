package io.cascadelab.gameday.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cascadelab.gameday.run.GameDayView;

/**
 * A self-contained {@code report.html}: per signal an SVG chart with the measured phases shaded and AWS's
 * phase starts drawn as dashed lines (both placed from T+0), then the measured-vs-AWS table and the
 * timeline. No scripts, no external files: it opens from disk anywhere.
 */
final class ReportHtml {

    private static final String[] COLOURS = {"#e6550d33", "#3182bd33", "#31a35433", "#75637333", "#de2d2633",
            "#fdae6b33", "#9ecae133"};

    private ReportHtml() {
    }

    static String render(Report report) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cascade game day %s</title>
                <style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
                .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:16px}
                figure{margin:0}figcaption{font-weight:600}svg{background:#fafafa;border:1px solid #ddd}
                .legend span{display:inline-block;padding:2px 6px;margin:2px;border-radius:3px}</style></head><body>
                """.formatted(escape(report.id())));
        html.append("<h1>Game day ").append(escape(report.scenario())).append("</h1><p>run ").append(escape(report.id()))
                .append(" · mode ").append(escape(report.mode())).append(" · operator ").append(escape(report.operator()))
                .append(" · seed ").append(report.seed()).append(" · time scale ").append(report.timeScale())
                .append("× · ").append(escape(report.status())).append("</p>");
        html.append("<h2>Measured vs AWS</h2><pre>").append(escape(ReportWriter.table(report))).append("</pre>");
        html.append("<div class=legend>");
        List<GameDayView.Phase> phases = report.phases();
        for (int i = 0; i < phases.size(); i++) {
            html.append("<span style=\"background:").append(COLOURS[i % COLOURS.length]).append("\">")
                    .append(escape(phases.get(i).id())).append("</span>");
        }
        html.append(" <span>dashed: AWS phase starts</span></div><h2>Signals</h2><div class=charts>");
        double t0 = report.t0Seconds() == null ? 0 : report.t0Seconds();
        for (Map.Entry<String, List<double[]>> entry : report.series().entrySet()) {
            html.append(chart(entry.getKey(), entry.getValue(), phases, t0, report.durationSeconds()));
        }
        html.append("</div><h2>Timeline</h2><table><tr><th>event</th><th>kind</th><th>T+ (h:mm)</th><th>details</th></tr>");
        for (GameDayView.Event event : report.events()) {
            html.append("<tr><td>").append(escape(event.name())).append("</td><td>").append(escape(event.kind()))
                    .append("</td><td>").append(ReportWriter.hm(event.seconds() - t0)).append("</td><td>")
                    .append(escape(event.details().toString())).append("</td></tr>");
        }
        return html.append("</table></body></html>\n").toString();
    }

    private static String chart(String name, List<double[]> points, List<GameDayView.Phase> phases, double t0,
                                double duration) {
        int width = 420;
        int height = 160;
        double end = Math.max(duration, 1);
        double max = points.stream().mapToDouble(p -> p[1]).filter(Double::isFinite).max().orElse(1);
        double top = max <= 0 ? 1 : max * 1.1;
        StringBuilder svg = new StringBuilder("<figure><figcaption>").append(escape(name)).append(" (max ")
                .append(String.format(Locale.ROOT, "%.3g", max)).append(")</figcaption><svg width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(escape(name)).append("\">");
        for (int i = 0; i < phases.size(); i++) {
            GameDayView.Phase phase = phases.get(i);
            if (phase.startSeconds() != null) {
                double from = x(phase.startSeconds() + t0, end, width);
                double to = x((phase.endSeconds() == null ? duration - t0 : phase.endSeconds()) + t0, end, width);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                        from, Math.max(1, to - from), height, COLOURS[i % COLOURS.length]));
            }
            double aws = x(phase.awsStartSeconds() + t0, end, width);
            if (aws <= width) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\" stroke=\"#888\" "
                        + "stroke-dasharray=\"3 3\"/>", aws, aws, height));
            }
        }
        StringBuilder path = new StringBuilder();
        for (double[] point : points) {
            if (!Double.isFinite(point[1])) {
                continue;
            }
            path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f",
                    x(point[0], end, width), height - 4 - (height - 8) * point[1] / top));
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>");
        return svg.append("</svg></figure>").toString();
    }

    private static double x(double seconds, double end, int width) {
        return Math.max(0, seconds) / end * width;
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
