using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IommuSim.Iommu;
using IommuSim.Queueing;

namespace IommuSim.Scenarios.Commands;

/// <summary><c>iommusim bench</c>: speed measurements of the kernel and the model.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Build()
    {
        var bench = new Command("bench", "Measure simulator speed. Prints 'key: value' lines.");
        bench.Subcommands.Add(BuildKernel());
        bench.Subcommands.Add(BuildTranslate());
        return bench;
    }

    private static Command BuildKernel()
    {
        var customers = new Option<long>("--customers")
        {
            Description = "Number of customers to simulate.",
            DefaultValueFactory = _ => 1_000_000,
        };
        customers.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && long.TryParse(r.Tokens[0].Value, out long n) && n < 1)
                r.AddError("--customers must be at least 1");
        });
        var cmd = new Command("kernel",
            "M/M/4 at utilisation 0.9, mean service 1, each customer a process.\n" +
            "Example: iommusim bench kernel --customers 1000000")
        {
            customers,
        };
        cmd.SetAction(parse =>
        {
            long n = parse.GetValue(customers);
            // An untimed warm-up run (a tenth of the customers, at most 100,000, another seed) lets the JIT
            // finish optimising, as BenchmarkDotNet's warm-up does, so the timed run measures steady state.
            long warmup = Math.Min(100_000, Math.Max(1, n / 10));
            new KernelBenchmark(warmup, seed: 2).Run();
            var model = new KernelBenchmark(n);
            var watch = Stopwatch.StartNew();
            model.Run();
            watch.Stop();
            var o = parse.InvocationConfiguration.Output;
            double wall = watch.Elapsed.TotalSeconds;
            o.WriteLine(Line("customers", n.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("warmup_customers", warmup.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("events", model.Simulation.ProcessedEvents.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("mean_wait", model.MeanWait.ToString("F4", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("mean_wait_theory", KernelBenchmark.TheoreticalMeanWait.ToString("F4", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("wall_s", wall.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("customers_per_s", (n / wall).ToString("F0", CultureInfo.InvariantCulture)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildTranslate()
    {
        var hits = new Option<long>("--hits")
        {
            Description = "IOTLB hits to translate on the synchronous path.",
            DefaultValueFactory = _ => 50_000_000,
        };
        var misses = new Option<long>("--misses")
        {
            Description = "IOTLB misses to translate through the walkers.",
            DefaultValueFactory = _ => 2_000_000,
        };
        foreach (var option in new[] { hits, misses })
            option.Validators.Add(r =>
            {
                if (r.Tokens.Count == 1 && long.TryParse(r.Tokens[0].Value, out long n) && n < 1)
                    r.AddError($"{option.Name} must be at least 1");
            });
        var cmd = new Command("translate",
            "IOTLB hits on the synchronous path, then IOTLB misses walked by the default 16 walkers (64 in flight).\n" +
            "Example: iommusim bench translate --hits 50000000 --misses 2000000")
        {
            hits,
            misses,
        };
        cmd.SetAction(parse =>
        {
            long hitCount = parse.GetValue(hits), missCount = parse.GetValue(misses);
            var model = new TranslationBenchmark();
            model.RunHits(Math.Min(hitCount, 1_000_000));   // JIT and caches warm before timing
            model.RunMisses(Math.Min(missCount, 10_000));
            model.Unit.ResetCounters();
            // CPU time beside wall time: on a shared machine the wall clock also counts time spent descheduled.
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            ulong checksum = model.RunHits(hitCount);
            double hitWall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long hitAllocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            process.Refresh();
            double hitCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            long eventsBefore = model.Simulation.ProcessedEvents;
            long walksBefore = model.Unit.Walkers.Walks, readsBefore = model.Unit.Walkers.WalkReads;
            start = Stopwatch.GetTimestamp();
            long completed = model.RunMisses(missCount);
            double missWall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long walks = model.Unit.Walkers.Walks - walksBefore;
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine(Line("hits", hitCount.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("hit_wall_s", hitWall.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("hit_translations_per_s", (hitCount / hitWall).ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("hit_cpu_s", hitCpu.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("hit_translations_per_cpu_s", (hitCount / hitCpu).ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("hit_allocated_bytes", hitAllocated.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("hit_checksum", checksum.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("misses", completed.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("miss_wall_s", missWall.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("miss_translations_per_s", (completed / missWall).ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("miss_events", (model.Simulation.ProcessedEvents - eventsBefore).ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("miss_walk_reads_per_walk",
                ((model.Unit.Walkers.WalkReads - readsBefore) / (double)Math.Max(1, walks)).ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("miss_mean_latency_ns", model.MissLatencyNs.Mean.ToString("F1", CultureInfo.InvariantCulture)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Line(string key, string value) => key + ": " + value;
}
