using BenchmarkDotNet.Attributes;
using IommuSim.Kernel;
using IommuSim.Queueing;

namespace IommuSim.Benchmarks;

/// <summary>Kernel speed: the allocation-free callback path and the process-based M/M/4 model.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private Simulation _sim = null!;
    private static readonly Action<object?, long> Reschedule = static (s, n) =>
    {
        var sim = (Simulation)s!;
        if (n > 0) sim.Schedule(SimTime.FromNanoseconds(1 + (n & 7)), Reschedule!, sim, n - 1);
    };

    /// <summary>Callbacks scheduled per iteration (64 chains of 15,625 hops).</summary>
    public const int Callbacks = 1_000_000;

    [IterationSetup(Target = nameof(CallbackChain))]
    public void SetupChain()
    {
        _sim = new Simulation();
        for (int i = 0; i < 64; i++) _sim.Schedule(SimTime.FromNanoseconds(i), Reschedule, _sim, Callbacks / 64 - 1);
    }

    /// <summary>One million fast-path callbacks over a 64-entry event list; should allocate nothing.</summary>
    [Benchmark(OperationsPerInvoke = Callbacks)]
    public void CallbackChain() => _sim.Run();

    /// <summary>100,000 M/M/4 customers at utilisation 0.9, each a process.</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public double MM4Customers()
    {
        var model = new KernelBenchmark(100_000);
        model.Run();
        return model.MeanWait;
    }
}
