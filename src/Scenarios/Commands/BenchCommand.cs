using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IommuSim.Iommu;
using IommuSim.Observe;

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
        bench.Subcommands.Add(BuildEndToEnd());
        bench.Subcommands.Add(BuildTrace());
        return bench;
    }

    private static Command BuildKernel()
    {
        var customers = Count("--customers", "Number of customers to simulate.", 1_000_000);
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
        var hits = Count("--hits", "IOTLB hits to translate on the synchronous path.", 50_000_000);
        var misses = Count("--misses", "IOTLB misses to translate through the walkers.", 2_000_000);
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

    private static Command BuildEndToEnd()
    {
        var rates = new Option<int[]>("--gbps")
        {
            Description = "Line rates in GbE to measure, each a separate run.",
            DefaultValueFactory = _ => [100, 200, 400],
            AllowMultipleArgumentsPerToken = true,
        };
        var duration = new Option<double>("--ms")
        {
            Description = "Measured simulated milliseconds per rate (after 1 ms of warm-up).",
            DefaultValueFactory = _ => 20,
        };
        rates.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (!int.TryParse(t.Value, out int g) || g < 1 || g > 1600) r.AddError($"--gbps takes rates of 1 to 1600, not '{t.Value}'");
        });
        duration.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && (!double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || ms <= 0 || ms > 10_000))
                r.AddError("--ms takes 0 to 10000 milliseconds");
        });
        var cmd = new Command("e2e",
            "A NIC receiving at line rate: 1514 B frames, 8 queues x 1024 descriptors, 4 KiB page_pool buffers, lazy mode.\n" +
            "Example: iommusim bench e2e --gbps 100 200 400 --ms 20")
        {
            rates,
            duration,
        };
        cmd.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var measured = IommuSim.Kernel.SimTime.FromSeconds(parse.GetValue(duration) / 1000);
            // An untimed short run lets the JIT finish optimising before the timed ones.
            IommuSim.Model.NicBenchmark.Measure(100, IommuSim.Kernel.SimTime.FromMilliseconds(2));
            foreach (int gbps in parse.GetValue(rates)!)
            {
                var m = IommuSim.Model.NicBenchmark.Measure(gbps, measured);
                string prefix = gbps.ToString(CultureInfo.InvariantCulture) + "g_";
                o.WriteLine(Line(prefix + "simulated_s", m.SimulatedSeconds.ToString("F4", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "wall_s", m.WallSeconds.ToString("F3", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "realtime_factor", (m.SimulatedSeconds / m.WallSeconds).ToString("F4", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "achieved_gbps", m.AchievedGbps.ToString("F2", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "packets_per_s", (m.Frames / m.WallSeconds).ToString("F0", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "events_per_s", (m.Events / m.WallSeconds).ToString("F0", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "events_per_packet", (m.Events / (double)Math.Max(1, m.Frames)).ToString("F2", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "allocated_bytes_per_packet",
                    ((m.AllocatedBytes - m.SetupAllocatedBytes) / (double)Math.Max(1, m.Frames)).ToString("F2", CultureInfo.InvariantCulture)));
                o.WriteLine(Line(prefix + "setup_allocated_bytes", m.SetupAllocatedBytes.ToString(CultureInfo.InvariantCulture)));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildTrace()
    {
        var events = Count("--events", "Iommu events to write with each trace writer.", 2_000_000);
        var cmd = new Command("trace",
            "Trace writer throughput: maps, unmaps and a few io_page_faults on 4 CPUs, written as ftrace text,\n" +
            "as a version 7 .dat and as a zstd version 7 .dat, each timed on its own (files in a temporary directory).\n" +
            "Example: iommusim bench trace --events 2000000")
        {
            events,
        };
        cmd.SetAction(parse =>
        {
            long n = parse.GetValue(events);
            var directory = Directory.CreateTempSubdirectory("iommusim-bench-trace-");
            TraceWriterMeasurement m;
            try
            {
                m = TraceWriterBenchmark.Measure(n, directory.FullName);
            }
            finally
            {
                directory.Delete(recursive: true);
            }
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine(Line("events", m.Events.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("text_bytes", m.TextBytes.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("text_wall_s", m.TextWallSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("text_events_per_s", m.TextEventsPerSecond.ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("text_cpu_s", m.TextCpuSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            if (m.TextCpuSeconds > 0)   // a run shorter than the CPU clock's tick has no rate to show
                o.WriteLine(Line("text_events_per_cpu_s", (m.Events / m.TextCpuSeconds).ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_bytes", m.DatBytes.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_wall_s", m.DatWallSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_events_per_s", m.DatEventsPerSecond.ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_cpu_s", m.DatCpuSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            if (m.DatCpuSeconds > 0)   // a run shorter than the CPU clock's tick has no rate to show
                o.WriteLine(Line("dat_events_per_cpu_s", (m.Events / m.DatCpuSeconds).ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_zstd_bytes", m.ZstdBytes.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_zstd_wall_s", m.ZstdWallSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_zstd_events_per_s", m.ZstdEventsPerSecond.ToString("F0", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("dat_zstd_cpu_s", m.ZstdCpuSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            if (m.ZstdCpuSeconds > 0)   // a run shorter than the CPU clock's tick has no rate to show
                o.WriteLine(Line("dat_zstd_events_per_cpu_s", (m.Events / m.ZstdCpuSeconds).ToString("F0", CultureInfo.InvariantCulture)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Line(string key, string value) => key + ": " + value;

    // A count of work to do: at least 1, "NAME must be at least 1" otherwise.
    private static Option<long> Count(string name, string description, long defaultValue)
    {
        var option = new Option<long>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && long.TryParse(r.Tokens[0].Value, out long n) && n < 1)
                r.AddError($"{name} must be at least 1");
        });
        return option;
    }
}
