using IommuSim.Iommu;

namespace IommuSim.Tests.Iommu.Caches;

public class CacheParamsTests
{
    [Fact]
    public void Sets_are_entries_over_ways()
    {
        // gem5 SMMUv3 main TLB scale: 2048 entries, 4-way -> 512 sets.
        var p = new CacheParams(2048, 4, ReplacementPolicy.Lru);
        Assert.Equal(512, p.Sets);
        Assert.False(p.IsFullyAssociative);
        // micro-TLB: 32 entries fully associative -> one set of 32 ways.
        var micro = new CacheParams(32, 32, ReplacementPolicy.Lru);
        Assert.Equal(1, micro.Sets);
        Assert.True(micro.IsFullyAssociative);
    }

    [Theory]
    [InlineData(0, 1, "at least one entry; got Entries = 0")]
    [InlineData(-4, 1, "at least one entry; got Entries = -4")]
    [InlineData(16, 0, "at least one way; got Ways = 0")]
    [InlineData(16, 32, "Ways (32) cannot exceed Entries (16)")]
    [InlineData(16, 3, "Ways (3) must divide Entries (16)")]
    public void Bad_geometry_is_explained(int entries, int ways, string message)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new CacheParams(entries, ways, ReplacementPolicy.Lru));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Unknown_policy_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CacheParams(4, 2, (ReplacementPolicy)17));
    }
}
