using BenchmarkDotNet.Attributes;
using IommuSim.Iommu;

namespace IommuSim.Benchmarks;

/// <summary>
/// Translation speed: IOTLB hits on the synchronous path (should allocate nothing) and IOTLB misses through
/// the walkers, on the model behind <c>iommusim bench translate</c>.
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    /// <summary>Hits per invocation.</summary>
    public const int Hits = 1_000_000;
    /// <summary>Misses per invocation.</summary>
    public const int Misses = 100_000;

    private TranslationBenchmark _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = new TranslationBenchmark();
        _model.RunMisses(TranslationBenchmark.Outstanding);   // pools and queues at their working size
    }

    /// <summary>One million IOTLB hits (context cache and IOTLB lookups, permission check).</summary>
    [Benchmark(OperationsPerInvoke = Hits)]
    public ulong IotlbHits() => _model.RunHits(Hits);

    /// <summary>100,000 IOTLB misses, 64 in flight on 16 walkers, each a walk and three simulation events.</summary>
    [Benchmark(OperationsPerInvoke = Misses)]
    public long IotlbMisses() => _model.RunMisses(Misses);
}
