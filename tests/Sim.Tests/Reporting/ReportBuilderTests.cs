using System.Text.Json;
using System.Text.RegularExpressions;
using IommuSim.Reporting;
using static IommuSim.Tests.Reporting.ReportFixtures;

namespace IommuSim.Tests.Reporting;

public class ReportBuilderTests
{
    private static readonly (string, string, long[]) Dma100To400 = ("d0", "dma", [100, 200, 200, 250]);

    [Fact]
    public void The_latency_cdf_has_a_curve_per_variant_on_a_log_axis_in_ns_ending_at_one()
    {
        var report = Build(
            Variant("lazy", Run("lazy", 0, 10, metrics: Dma100To400), Run("lazy", 1, 10, metrics: ("d0", "dma", [150L]))),
            Variant("strict", Run("strict", 0, 10, metrics: ("d0", "dma", [250L]))));
        var cdf = Chart(report, "latency-cdf");
        Assert.Equal(ChartKind.Line, cdf.Kind);
        Assert.Equal(AxisScale.Log, cdf.X.Scale);
        Assert.Equal("ns", cdf.X.Unit);
        Assert.Equal(["lazy", "strict"], cdf.Series.Select(s => s.Name));
        // lazy's five values merged over its replications, in ps: 100, 150, 200, 200, 250.
        Assert.Equal([0.1, 0.15, 0.2, 0.25], cdf.Series[0].Points.Select(p => p.X));
        Assert.Equal([0.2, 0.4, 0.8, 1.0], cdf.Series[0].Points.Select(p => p.Y));
        Assert.Equal([new ChartPoint(0.25, 1.0)], cdf.Series[1].Points);
        // One device: no per-device CDF.
        Assert.DoesNotContain(report.Charts, c => c.Id.StartsWith("latency-cdf-", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_device_gets_a_cdf_of_its_headline_metric_when_there_are_several()
    {
        var run = Run("base", 0, 10, metrics: [("d0", "dma", [100L, 120L]), ("d0", "queue", [5L]), ("nic", "frame", [200L]), ("nic", "memory", [90L])]);
        var report = Build(Variant("base", run));
        var d0 = Chart(report, "latency-cdf-d0");
        var nic = Chart(report, "latency-cdf-nic");
        Assert.Equal("dma latency", d0.X.Title);
        Assert.Equal([0.1, 0.12], d0.Series[0].Points.Select(p => p.X));
        Assert.Equal("frame latency", nic.X.Title);
        Assert.Equal([new ChartPoint(0.2, 1.0)], nic.Series[0].Points);
    }

    [Fact]
    public void Throughput_bars_carry_the_student_t_half_width_over_replications()
    {
        double[] gbps = [9.0, 10.0, 11.5];
        var variant = Variant("base", gbps.Select((g, i) => Run("base", i, g, metrics: Dma100To400)).ToArray());
        var bar = Chart(Build(variant), "throughput");
        Assert.Equal(ChartKind.Bar, bar.Kind);
        Assert.Equal("Gbps", bar.Y.Unit);
        var point = Assert.Single(Assert.Single(bar.Series).Points);

        double mean = (9.0 + 10.0 + 11.5) / 3;
        double s = Math.Sqrt(((9.0 - mean) * (9.0 - mean) + (10.0 - mean) * (10.0 - mean) + (11.5 - mean) * (11.5 - mean)) / 2);
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, 2, 0.975);
        Assert.Equal(4.303, t, 3); // the t table's value for 2 degrees of freedom, two-sided 95%
        Assert.Equal(mean, point.Y, 12);
        Assert.Equal(t * s / Math.Sqrt(3), point.ErrorY!.Value, 12);
        Assert.Equal("base", point.Category);
        Assert.Equal(0, point.X);
    }

    [Fact]
    public void One_replication_gives_no_error_bar()
    {
        var report = Build(Variant("base", Run("base", 0, 7.5, hits: 1, misses: 3, cpuMax: 0.5, metrics: Dma100To400)));
        foreach (string id in new[] { "throughput", "drops", "iotlb-hit-rate", "cpu-max" })
            Assert.Null(Assert.Single(Chart(report, id).Series[0].Points).ErrorY);
        Assert.Equal(7.5, Chart(report, "throughput").Series[0].Points[0].Y);
        Assert.Equal(25.0, Chart(report, "iotlb-hit-rate").Series[0].Points[0].Y);
        Assert.Equal(50.0, Chart(report, "cpu-max").Series[0].Points[0].Y);
    }

    [Fact]
    public void Drops_count_aborted_requests_over_devices_whose_map_failures_are_among_them()
    {
        // d0 aborted 3 requests, 1 of them a failed map; d1 aborted 2: 5 drops, not 6.
        var run0 = Run("base", 0, 10, devices: [("d0", 3, 1), ("d1", 2, 0)], metrics: Dma100To400);
        var run1 = Run("base", 1, 10, devices: [("d0", 1, 0), ("d1", 0, 0)], metrics: Dma100To400);
        var point = Chart(Build(Variant("base", run0, run1)), "drops").Series[0].Points[0];
        Assert.Equal((5 + 1) / 2.0, point.Y);
        // Two samples 5 and 1: s = √8, half-width t(0.975, 1) × √8 / √2 = 12.706 × 2.
        Assert.Equal(12.706 * 2, point.ErrorY!.Value, 2);
    }

    [Fact]
    public void A_variant_without_iotlb_lookups_has_no_hit_rate_bar_and_keeps_its_category_index()
    {
        var report = Build(
            Variant("passthrough", Run("passthrough", 0, 10, metrics: Dma100To400)),
            Variant("base", Run("base", 0, 10, hits: 3, misses: 1, metrics: Dma100To400)));
        var point = Assert.Single(Chart(report, "iotlb-hit-rate").Series[0].Points);
        Assert.Equal(new ChartPoint(1, 75.0, "base"), point);
    }

    [Fact]
    public void Latency_parts_stack_the_means_of_every_non_headline_metric_over_replications()
    {
        // queue: 10 and 30 ps → replication means 10, 30 → 20 ps = 0.02 ns; map: 100 ps in one replication only.
        var run0 = Run("base", 0, 10, metrics: [("d0", "dma", [500L]), ("d0", "queue", [10L]), ("d0", "map", [100L])]);
        var run1 = Run("base", 1, 10, metrics: [("d0", "dma", [700L]), ("d0", "queue", [20L, 40L])]);
        var other = Run("strict", 0, 10, metrics: [("d0", "dma", [900L]), ("d0", "queue", [50L]), ("d0", "map", [150L])]);
        var parts = Chart(Build(Variant("base", run0, run1), Variant("strict", other)), "latency-parts-d0");
        Assert.Equal(ChartKind.StackedBar, parts.Kind);
        Assert.Equal("ns", parts.Y.Unit);
        Assert.Equal(["queue", "map"], parts.Series.Select(s => s.Name));
        Assert.Equal([new ChartPoint(0, 0.02, "base"), new ChartPoint(1, 0.05, "strict")], parts.Series[0].Points);
        Assert.Equal([new ChartPoint(0, 0.1, "base"), new ChartPoint(1, 0.15, "strict")], parts.Series[1].Points);
        double baseStack = parts.Series.Sum(s => s.Points.Where(p => p.Category == "base").Sum(p => p.Y));
        Assert.Equal(0.02 + 0.1, baseStack, 12);
    }

    [Fact]
    public void A_numeric_sweep_gives_curves_against_the_swept_numbers_one_per_named_variant()
    {
        const string path = "devices.d0.rate";
        var variants = new List<VariantRuns>();
        foreach (string named in new[] { "base", "strict" })
            foreach (var (text, gbps) in new[] { ("10Gbps", 10.0), ("5Gbps", 5.0) })
            {
                string name = $"{named}/{path}={text}";
                SweptValue[] swept = [new(path, text, gbps, "Gbps"), new("host.mode", named == "base" ? "lazy" : "strict", null, "")];
                // Achieved = offered for base, half of it for strict, over two replications 0.1 apart.
                double achieved = named == "base" ? gbps : gbps / 2;
                variants.Add(Variant($"{name},host.mode={swept[1].Text}", swept,
                    Run(name, 0, achieved - 0.05, metrics: Dma100To400), Run(name, 1, achieved + 0.05, metrics: Dma100To400)));
            }
        var report = Build([.. variants]);
        var curve = Chart(report, $"sweep-{path}-throughput");
        Assert.Equal(ChartKind.Line, curve.Kind);
        Assert.Equal(path, curve.X.Title);
        Assert.Equal("Gbps", curve.X.Unit);
        Assert.Equal(["base, host.mode=lazy", "strict, host.mode=strict"], curve.Series.Select(s => s.Name));
        Assert.Equal([5.0, 10.0], curve.Series[0].Points.Select(p => p.X));
        Assert.Equal([5.0, 10.0], curve.Series[0].Points.Select(p => Math.Round(p.Y, 12)));
        Assert.Equal([2.5, 5.0], curve.Series[1].Points.Select(p => Math.Round(p.Y, 12)));
        // Two samples 0.1 apart: s = 0.1/√2, half-width t(0.975, 1) × s / √2 = 12.706 × 0.05.
        Assert.Equal(12.706 * 0.05, curve.Series[0].Points[0].ErrorY!.Value, 3);
        // The p99 curve is on a log axis; the mode, not a number, gets no curve.
        Assert.Equal(AxisScale.Log, Chart(report, $"sweep-{path}-p99-latency").Y.Scale);
        Assert.DoesNotContain(report.Charts, c => c.Id.Contains("host.mode", StringComparison.Ordinal));
        // No IOTLB lookups in these runs: no hit-rate curve.
        Assert.Equal(["throughput", "drops", "cpu-max", "p99-latency"],
            report.Sections.Single(s => s.Title == "Sweeps").Charts.Select(c => c.Id[$"sweep-{path}-".Length..]));
    }

    [Fact]
    public void Chart_ids_are_unique_and_file_name_safe_even_for_awkward_device_names()
    {
        var run = Run("base", 0, 10, metrics: [("nic/0", "frame", [100L]), ("nic 0", "frame", [100L]), ("NIC-0", "frame", [100L]),
            ("..", "dma", [100L]), ("nic/0", "memory", [50L])]);
        var report = Build(Variant("base", run));
        var ids = report.Charts.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ids, id => Assert.Matches(new Regex("^[A-Za-z0-9_-][A-Za-z0-9._-]*$"), id));
        Assert.Contains("latency-cdf-nic-0", ids);
        Assert.Contains("latency-cdf-nic-0-2", ids);
    }

    [Fact]
    public void The_same_input_gives_the_same_report()
    {
        VariantRuns[] Input() =>
        [
            Variant("a", Run("a", 0, 9, hits: 1, misses: 1, metrics: Dma100To400), Run("a", 1, 11, metrics: Dma100To400)),
            Variant("b", Run("b", 0, 10, metrics: [("d0", "dma", [300L]), ("d0", "queue", [20L]), ("d1", "dma", [400L])])),
        ];
        var options = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        string first = JsonSerializer.Serialize(ReportBuilder.Build("t", "q", [new("host.mode", "lazy")], ["w"], Input()), options);
        string second = JsonSerializer.Serialize(ReportBuilder.Build("t", "q", [new("host.mode", "lazy")], ["w"], Input()), options);
        Assert.Equal(first, second);
        Assert.Contains("latency-parts-d0", first);
    }
}
