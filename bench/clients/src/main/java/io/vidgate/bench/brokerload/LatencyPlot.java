package io.vidgate.bench.brokerload;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as an SVG document, written by hand (a few dozen elements: no plotting library, nothing to install):
 * p99 latency against participants, one line per target and operation.
 */
final class LatencyPlot {

    /** One line: its points (x, y) in ascending x, drawn in {@code colour}, dashed if {@code dashed}. */
    record Series(String name, String colour, boolean dashed, List<double[]> points) {
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private LatencyPlot() {
    }

    /** The chart; the y axis is logarithmic when the values span more than two decades (OpenVidu's seconds next to our milliseconds). */
    static String svg(String title, String xLabel, String yLabel, List<Series> series, double bound) {
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = bound;
        for (Series line : series) {
            for (double[] point : line.points()) {
                maxX = Math.max(maxX, point[0]);
                minY = Math.min(minY, Math.max(point[1], 0.1));
                maxY = Math.max(maxY, point[1]);
            }
        }
        boolean log = minY != Double.MAX_VALUE && maxY / minY > 100;
        Axis y = log ? Axis.log(Math.max(0.1, minY), maxY) : Axis.linear(0, maxY * 1.1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT,
                escape(title)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        // axes and ticks
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"black\" fill=\"none\"/>%n", LEFT,
                TOP, TOP + plotHeight, LEFT + plotWidth));
        for (int i = 0; i <= 5; i++) {
            double value = maxX * i / 5;
            double px = LEFT + plotWidth * value / maxX;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n", px,
                    TOP + plotHeight + 18, value));
        }
        for (double tick : y.ticks()) {
            double py = TOP + plotHeight * (1 - y.fraction(tick));
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f H%d\" stroke=\"#ddd\"/>%n", LEFT, py,
                    LEFT + plotWidth));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, py + 4, format(tick)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 12, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "%s</text>%n", TOP + plotHeight / 2, escape(yLabel + (log ? " (log scale)" : ""))));
        // the bound the targets name
        double boundY = TOP + plotHeight * (1 - y.fraction(bound));
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f H%d\" stroke=\"#c00\" stroke-dasharray=\"2 4\"/>%n",
                LEFT, boundY, LEFT + plotWidth));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#c00\">%s ms</text>%n",
                LEFT + plotWidth + 6, boundY + 4, format(bound)));
        // the lines and the legend
        int legendY = TOP + 10;
        for (Series line : series) {
            StringBuilder path = new StringBuilder();
            for (double[] point : line.points()) {
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        LEFT + plotWidth * point[0] / maxX, TOP + plotHeight * (1 - y.fraction(point[1]))));
            }
            String dash = line.dashed() ? " stroke-dasharray=\"6 4\"" : "";
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\" fill=\"none\"%s/>%n",
                    path, line.colour(), dash));
            for (double[] point : line.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        LEFT + plotWidth * point[0] / maxX, TOP + plotHeight * (1 - y.fraction(point[1])),
                        line.colour()));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d H%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    LEFT + plotWidth + 50, legendY, LEFT + plotWidth + 74, line.colour(), dash));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotWidth + 80,
                    legendY + 4, escape(line.name())));
            legendY += 18;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String format(double value) {
        return value >= 10 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Where a value sits on the y axis, from 0 (bottom) to 1 (top), and the ticks to label. */
    private record Axis(double min, double max, boolean log) {

        static Axis linear(double min, double max) {
            return new Axis(min, max, false);
        }

        static Axis log(double min, double max) {
            return new Axis(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max))), true);
        }

        double fraction(double value) {
            if (log) {
                double clamped = Math.max(value, min);
                return (Math.log10(clamped) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            }
            return (value - min) / (max - min);
        }

        List<Double> ticks() {
            if (log) {
                List<Double> ticks = new java.util.ArrayList<>();
                for (double tick = min; tick <= max * 1.0001; tick *= 10) {
                    ticks.add(tick);
                }
                return ticks;
            }
            double step = niceStep((max - min) / 5);
            List<Double> ticks = new java.util.ArrayList<>();
            for (double tick = min; tick <= max; tick += step) {
                ticks.add(tick);
            }
            return ticks;
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double nice : new double[] {1, 2, 5, 10}) {
                if (nice * magnitude >= raw) {
                    return nice * magnitude;
                }
            }
            return 10 * magnitude;
        }
    }
}
