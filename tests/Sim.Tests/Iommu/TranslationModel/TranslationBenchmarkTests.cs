using IommuSim.Iommu;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>The bench model does what it says: hits hit, misses walk; speed is not asserted here.</summary>
public class TranslationBenchmarkTests
{
    [Fact]
    public void Hits_hit_and_misses_walk_even_after_each_other()
    {
        var bench = new TranslationBenchmark();
        bench.RunHits(1000);
        Assert.Equal(1000, bench.RunMisses(1000));
        bench.RunHits(1000);   // misses evicted the working set; the run re-warms it

        // Walks since the constructor reset the counters: 1000 misses and the 32 pages re-warmed.
        Assert.Equal(1000, bench.Unit.Walkers.Walks - TranslationBenchmark.HitPages);
        Assert.Equal(0, bench.Unit.Faults);
        Assert.Equal(1000, bench.MissLatencyNs.Count);
        Assert.True(bench.MissLatencyNs.Min >= 3 + 90, $"a miss costs at least the lookup and one read, got {bench.MissLatencyNs.Min} ns");
        // The first re-warm hits all 32 pages; the second finds none (1000 misses passed through every set's
        // 4 ways about 60 times) and walks them again.
        Assert.Equal(2000 + TranslationBenchmark.HitPages, bench.Unit.Iotlb.Hits);
    }
}
