using System.Diagnostics;
using System.Globalization;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Schema;
using IommuSim.Units;

namespace IommuSim.Scenarios.Tests.Hostile;

/// <summary>
/// Every bounded key at its extremes, taken from the spec metadata: validation accepts it and the run works, or
/// the user gets exit 2 with a location; never an internal error, a crash or a hang.
/// </summary>
public class ExtremeValueTests
{
    // A small scenario touching every path: per-request mapping in strict mode (map, unmap, invalidation), 1 ms.
    // A key of one device type is set on a device of that type, so its extremes reach that device's model.
    private const string Base = """
        run: { duration: 1ms, warmup: 0s, replications: 1 }
        host: { mode: strict }
        devices:
        """;

    private static string DeviceOf(string kind) => kind switch
    {
        "type nic" => "{ name: nic0, type: nic, line_rate: 10Gbps }",
        "type nvme" => "{ name: ssd0, type: nvme }",
        "type accelerator" => "{ name: acc0, type: accelerator }",
        "type replay" => "{ name: r0, type: replay, trace: { file: trace.csv } }",
        _ => "{ name: nic0, type: dma-stream, rate: 1Gbps, size: 1500B, buffers: 64, buffer_size: 2KiB, mapping: per-request }",
    };

    // The replay device's trace: a map, a read through it and the unmap.
    private const string Trace = "time,device,iova,size,direction\n0ns,r0,0x1000,4KiB,map\n100ns,r0,0x1000,4KiB,read\n500ns,r0,0x1000,4KiB,unmap\n";

    public static IEnumerable<object[]> Extremes()
    {
        foreach (var (path, kind, param) in ParameterTableWriter.Sourced())
        {
            if (param.Type is not ScalarSpecType scalar || scalar.Magnitude(param.Default!) is null) continue;
            string key = path.Replace(".N.", ".0.", StringComparison.Ordinal);
            if (!key.StartsWith("devices.", StringComparison.Ordinal) && key.Contains(".0.", StringComparison.Ordinal)) continue;
            foreach (var value in new[] { param.Attribute.Max, param.Attribute.Min })
                if (!double.IsNaN(value)) yield return [kind ?? "", key, scalar.FormatBound(value)];
            if (double.IsNaN(param.Attribute.Max)) yield return [kind ?? "", key, Huge(scalar)];
        }
    }

    private static string Huge(ScalarSpecType type) => type switch
    {
        TimeSpecType => "9000000s",                // 104 days, near SimTime's largest
        SizeSpecType => "8388607TiB",              // just below 8 EiB
        RateSpecType => "9000000Tbps",             // 9 Ebit/s
        IntegerSpecType => int.MaxValue.ToString(CultureInfo.InvariantCulture),
        _ => "1e300",
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public void An_extreme_value_runs_or_is_refused_with_a_location(string kind, string key, string value)
    {
        using var dir = new TempDirectory();
        dir.Write("trace.csv", Trace);
        string file = dir.Write("base.yaml", Base + "\n  - " + DeviceOf(kind) + "\n");
        var watch = Stopwatch.StartNew();
        var (exit, _, err) = CliRunner.Run("run", file, "--out", dir["o"], "--quiet", "--set", $"{key}={value}");
        Assert.True(exit is 0 or 2, $"{key}={value}: exit {exit}\n{err}");
        Assert.DoesNotContain("   at ", err);
        if (exit == 2)
        {
            Assert.False(Directory.Exists(dir["o"]), "nothing is written");
            Assert.Contains(": error: ", err);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"{key}={value} took {watch.Elapsed}");   // 10,000 replications take about 25 s
    }
}
