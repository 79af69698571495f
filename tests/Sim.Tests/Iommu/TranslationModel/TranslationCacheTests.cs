using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Platform;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>Tag packing, the IOTLB's and walk caches' range invalidation, and the memory-latency model.</summary>
public class TranslationCacheTests
{
    [Fact]
    public void Tags_pack_domain_size_class_and_page_number()
    {
        // 0xABCD << 48 | class 1 (2 MiB) << 46 | page 0x1234.
        ulong tag = TranslationTag.Translation(0xABCD, PageSize.Size2MiB, 0x1234);
        Assert.Equal(0xABCD_4000_0000_1234UL, tag);
        Assert.Equal((0xABCD, PageSize.Size2MiB, 0x1234UL), (TranslationTag.DomainOf(tag), TranslationTag.PageSizeOf(tag), TranslationTag.PageNumberOf(tag)));
        // The largest 4 KiB page number of a 57-bit space (2^45 - 1) fits below the size class.
        ulong top = TranslationTag.Translation(1, PageSize.Size4KiB, (1UL << 45) - 1);
        Assert.Equal((1, PageSize.Size4KiB, (1UL << 45) - 1), (TranslationTag.DomainOf(top), TranslationTag.PageSizeOf(top), TranslationTag.PageNumberOf(top)));
        // Walk-cache tag: 5 << 48 | 0x4020_1000 >> 21 (the level-2 entry's 2 MiB region) = 0x201.
        Assert.Equal(0x0005_0000_0000_0201UL, TranslationTag.WalkEntry(5, 0x4020_1000, 2));
    }

    [Theory]
    [InlineData(0x5000UL, 0x1000UL)]    // 1 page: by tag
    [InlineData(0x0UL, 0x40_0000UL)]    // 1024 pages: by scan
    public void Range_invalidation_removes_exactly_the_overlapping_entries(ulong start, ulong bytes)
    {
        var tlb = new Iotlb(IotlbOrganization.Unified, new CacheParams(64, 64, ReplacementPolicy.Lru), null, PageSizes.All, 0);
        var entries = new (int Domain, ulong Iova, PageSize Size)[]
        {
            (1, 0x5000, PageSize.Size4KiB), (1, 0x6000, PageSize.Size4KiB), (2, 0x5000, PageSize.Size4KiB),
            (1, 0x20_0000, PageSize.Size2MiB), (1, 0x4000_0000, PageSize.Size1GiB), (1, 0x0, PageSize.Size1GiB),
        };
        foreach (var (d, iova, size) in entries) tlb.Insert(d, iova, new TranslationLeaf(iova, size, Permissions.Read));

        int removed = tlb.InvalidateRange(1, start, bytes);

        // Survivors: whatever is in another domain or does not overlap [start, start + bytes).
        var left = entries.Where(e => e.Domain != 1 || e.Iova + e.Size.Bytes <= start || e.Iova >= start + bytes).ToList();
        Assert.Equal(entries.Length - left.Count, removed);
        Assert.Equal(left.Count, tlb.Occupancy);
        foreach (var (d, iova, _) in left) Assert.True(tlb.TryLookup(d, iova, out _));
    }

    [Fact]
    public void Walk_cache_range_invalidation_by_tag_and_by_scan_agree()
    {
        var cache = new WalkCache(2, new CacheParams(64, 64, ReplacementPolicy.Lru), 0);
        for (ulong r = 0; r < 40; r++) cache.Insert(1, r * 2 * MiB, 0x1000 * r);
        cache.Insert(2, 0, 0x9000);
        Assert.Equal(2, cache.InvalidateRange(1, 2 * MiB + 4 * KiB, 2 * MiB));           // touches regions 1 and 2
        Assert.Equal(30, cache.InvalidateRange(1, 10 * 2 * MiB, 30 * 2 * MiB));          // regions 10..39, by scan
        Assert.Equal(8 + 1, cache.Cache.Occupancy);                                       // regions 0 and 3..9, and domain 2
        Assert.True(cache.TryLookup(2, 0x1234, out ulong next));
        Assert.Equal(0x9000UL, next);
    }

    [Theory]
    [InlineData(0.0, 90.0)]
    [InlineData(1.0, 17.0)]
    [InlineData(0.25, 71.75)]   // 0.25 × 17 + 0.75 × 90
    public void Memory_reads_hit_the_LLC_with_its_probability(double hitRate, double meanNs)
    {
        var model = new MemoryLatencyModel(new MemoryParams { LlcHitRate = hitRate }, new RandomStreams(3).Get("memory"));
        const int n = 100_000;
        var total = model.NextReads(n);

        Assert.Equal(meanNs * 1000, model.MeanReadPicoseconds, 6);
        // Binomial: the LLC share's standard deviation is at most sqrt(0.25 / n) = 0.0016; allow 3 of them.
        Assert.Equal(hitRate, model.LlcHits / (double)n, 0.005);
        Assert.Equal(meanNs, total.TotalNanoseconds / n, meanNs * 0.01);
        Assert.Equal(n, model.Reads);
    }

    [Fact]
    public void Memory_reads_draw_once_each_from_their_own_stream()
    {
        var a = new MemoryLatencyModel(new MemoryParams { LlcHitRate = 0.5 }, new RandomStreams(9).Get("memory"));
        var reference = new RandomStreams(9).Get("memory");
        for (int i = 0; i < 1000; i++)
            Assert.Equal(reference.NextDouble() < 0.5 ? Ns(17) : Ns(90), a.NextRead());
    }

    [Fact]
    public void A_bad_memory_model_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryLatencyModel(new MemoryParams { LlcHitRate = 1.5 }, new RandomStreams(1).Get("m")));
}
