using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.PageTableFixture;

namespace IommuSim.Tests.Iommu;

/// <summary>
/// 100,000 seeded random map/unmap/translate operations on two domains' tables (sharing one table
/// allocator), each checked against a plain model: a dictionary from 4 KiB IOVA page to
/// (physical page, rights). The model also remembers which leaf each page belongs to, because unmap
/// removes whole leaves; it chooses leaves by Linux's rule (drivers/iommu/iommu.c, iommu_pgsize: iommu_map
/// splits a range into the largest page sizes that the alignment and the remaining size allow), written out
/// again here independently of the implementation.
/// </summary>
public class IoPageTablePropertyTests
{
    private const int Operations = 100_000;
    private const ulong Page = 4 * KiB;

    // Domain 0 maps physical addresses in [0, 2^40), domain 1 in [2^40, 2^41): a translation outside its
    // own band would mean one domain reaching another's memory.
    private const ulong PhysicalBand = 1UL << 40;

    [Theory]
    [InlineData(4, PageSizes.All, 0x5EED_0001UL)]
    [InlineData(5, PageSizes.UpTo2MiB, 0x5EED_0002UL)]
    [InlineData(4, PageSizes.Size4KiB, 0x5EED_0003UL)]
    public void Random_operations_match_a_4KiB_page_model(int levels, PageSizes sizes, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var format = new PageTableFormat(levels, sizes);
        var allocator = Allocator();
        var tables = new[] { new IoPageTable(format, allocator), new IoPageTable(format, allocator) };
        var models = new[] { new Model(format), new Model(format) };
        var counts = new int[5];   // refused overlaps, maps, unmaps, translations, other refusals

        for (int op = 0; op < Operations; op++)
        {
            int d = (int)rng.Below(2);
            var table = tables[d];
            var model = models[d];
            ulong band = (ulong)d * PhysicalBand;
            switch (rng.Below(100))
            {
                case < 40:
                {
                    ulong size = RandomSize(rng);
                    ulong iova = size >= GiB ? HugeAreaIova(rng) : RandomIova(rng, includeHugeArea: false);
                    if (size >= 2 * MiB && rng.Below(5) != 0) iova &= ~(2 * MiB - 1);   // mostly where 2MiB leaves fit
                    ulong paddr = band + (rng.Below(5) != 0
                        ? (iova + rng.Below(64) * GiB) % PhysicalBand            // same alignment as the IOVA
                        : rng.Below(PhysicalBand / Page - size / Page) * Page);  // any 4KiB-aligned address
                    var prot = (Permissions)(1 + rng.Below(3));
                    if (model.Overlaps(iova, size))
                    {
                        var before = Snapshot(table, allocator);
                        var ex = Assert.Throws<IommuMappingException>(() => table.Map(iova, paddr, size, prot));
                        Assert.Equal(MappingError.Overlap, ex.Error);
                        Assert.Equal(before, Snapshot(table, allocator));
                        counts[0]++;
                    }
                    else
                    {
                        var made = table.Map(iova, paddr, size, prot);
                        Assert.Equal(model.Map(iova, paddr, size, prot), Runs(made));
                        counts[1]++;
                    }
                    break;
                }
                case < 65:
                {
                    if (rng.Below(2) == 0 || !model.TryPickRange(rng, out var range))
                        range = (RandomIova(rng), (1 + rng.Below(600)) * Page);
                    var (iova, size) = range;
                    Assert.Equal(model.Unmap(iova, size), table.Unmap(iova, size));
                    counts[2]++;
                    break;
                }
                case < 99:
                {
                    ulong iova = rng.Below(2) == 0 && model.TryPickRange(rng, out var range)
                        ? range.Iova + rng.Below(range.Size)
                        : RandomIova(rng) + rng.Below(Page);
                    bool mapped = table.TryTranslate(iova, out var leaf);
                    Assert.Equal(model.TryTranslate(iova, out var expected), mapped);
                    if (mapped)
                    {
                        Assert.Equal(expected, leaf);
                        Assert.InRange(leaf.PhysicalAddress, band, band + PhysicalBand - 1);
                    }
                    counts[3]++;
                    break;
                }
                default:
                {
                    // Requests that must be refused whatever the contents.
                    var before = Snapshot(table, allocator);
                    ulong iova = RandomIova(rng);
                    switch (rng.Below(3))
                    {
                        case 0: Assert.Throws<IommuMappingException>(() => table.Map(iova, band, 0, Permissions.Read)); break;
                        case 1: Assert.Throws<IommuMappingException>(() => table.Map(iova + 0x800, band, Page, Permissions.Read)); break;
                        default: Assert.Throws<IommuMappingException>(() => table.Map(format.AddressLimit - Page, band, 2 * Page, Permissions.Read)); break;
                    }
                    Assert.Equal(before, Snapshot(table, allocator));
                    counts[4]++;
                    break;
                }
            }

            if (op % 10_000 == 0 || op == Operations - 1)
            {
                for (int i = 0; i < 2; i++)
                {
                    Assert.Equal(models[i].ExpectedTablePages(), tables[i].TablePages);
                    Assert.Equal(models[i].LeafCount, tables[i].LeafCount);
                    Assert.Equal((long)models[i].PageCount * (long)Page, tables[i].MappedBytes.Bytes);
                }
                Assert.Equal(tables[0].TablePages + tables[1].TablePages, allocator.PagesInUse);
            }
        }

        // Every operation kind really happened, and often; every supported leaf size was made; and unmaps
        // did cut through large leaves (removing more than asked), for each domain.
        Assert.All(counts, c => Assert.True(c > 500, $"operation counts {string.Join(",", counts)}"));
        foreach (var model in models)
        {
            foreach (var size in new[] { PageSize.Size4KiB, PageSize.Size2MiB, PageSize.Size1GiB })
                if (format.Supports(size))
                    Assert.True(model.LeavesMade[size.LeafLevel] > 0, $"no {size} leaf was made");
            if (sizes != PageSizes.Size4KiB)
                Assert.True(model.LargeLeavesCut > 0, "no unmap cut through a large leaf");
        }

        // Every page the model holds translates exactly; then unmapping everything leaves only the roots.
        for (int i = 0; i < 2; i++)
        {
            foreach (var (page, _) in models[i].Pages)
            {
                Assert.True(tables[i].TryTranslate(page * Page, out var leaf));
                Assert.True(models[i].TryTranslate(page * Page, out var expected));
                Assert.Equal(expected, leaf);
            }
            foreach (ulong page in models[i].Pages.Keys.ToArray())
            {
                if (!models[i].Pages.ContainsKey(page)) continue;   // went with an earlier page's leaf
                Assert.Equal(models[i].Unmap(page * Page, Page), tables[i].Unmap(page * Page, Page));
            }
            Assert.Equal(0L, tables[i].LeafCount);
            Assert.Equal(1L, tables[i].TablePages);
        }
        Assert.Equal(2L, allocator.PagesInUse);
    }

    // A quarter of the IOVAs fall in a 32MiB window around the 1GiB boundary, so maps collide and leaves of
    // every size meet; the rest spread over [0, 4GiB), except that unmaps and translations also aim at the
    // huge-map area [4GiB, 8GiB), which small maps keep out of. Some are rounded down to 2MiB.
    private static ulong RandomIova(SplitMix64 rng, bool includeHugeArea = true)
    {
        ulong iova = rng.Below(20) switch
        {
            < 5 => GiB - 16 * MiB + rng.Below(32 * MiB / Page) * Page,
            5 when includeHugeArea => 4 * GiB + rng.Below(4 * GiB / Page) * Page,
            _ => rng.Below(4 * GiB / Page) * Page,
        };
        return rng.Below(10) < 3 ? iova & ~(2 * MiB - 1) : iova;
    }

    // Maps of 1GiB and more start on, or a few pages below, a 1GiB boundary of the huge-map area, so that
    // 1GiB leaves can form.
    private static ulong HugeAreaIova(SplitMix64 rng) =>
        (4 + rng.Below(4)) * GiB - (rng.Below(2) == 0 ? 0 : rng.Below(4) * Page);

    // Mostly small maps (as the DMA API makes), some of a few 2MiB pages, and now and then 1GiB.
    private static ulong RandomSize(SplitMix64 rng) => rng.Below(4000) switch
    {
        < 2800 => (1 + rng.Below(16)) * Page,
        < 3600 => (1 + rng.Below(2)) * 2 * MiB + rng.Below(4) * Page,
        < 3999 => (1 + rng.Below(256)) * Page,
        _ => GiB + rng.Below(3) * Page,
    };

    /// <summary>The reference: 4 KiB pages in a dictionary, each remembering the leaf that maps it.</summary>
    private sealed class Model(PageTableFormat format)
    {
        public readonly Dictionary<ulong, (ulong PhysicalPage, Permissions Rights, ulong LeafIova, ulong LeafBytes)> Pages = new();
        private readonly Dictionary<ulong, ulong> _leaves = new();   // leaf IOVA -> leaf size
        private readonly List<(ulong Iova, ulong Size)> _ranges = new(); // successful maps, for unmaps and lookups

        public int PageCount => Pages.Count;
        public readonly int[] LeavesMade = new int[4];   // by leaf level
        public int LargeLeavesCut;                       // unmaps that removed a large leaf starting before the IOVA asked
        public long LeafCount => _leaves.Count;

        public bool Overlaps(ulong iova, ulong size)
        {
            for (ulong a = iova; a < iova + size; a += Page)
                if (Pages.ContainsKey(a / Page)) return true;
            return false;
        }

        /// <summary>A range once mapped whose first page is still mapped; stale ranges are dropped on the way.</summary>
        public bool TryPickRange(SplitMix64 rng, out (ulong Iova, ulong Size) range)
        {
            while (_ranges.Count > 0)
            {
                int i = (int)rng.Below((ulong)_ranges.Count);
                range = _ranges[i];
                if (Pages.ContainsKey(range.Iova / Page)) return true;
                _ranges[i] = _ranges[^1];
                _ranges.RemoveAt(_ranges.Count - 1);
            }
            range = default;
            return false;
        }

        public List<(ulong Iova, ulong Paddr, ulong PageBytes, long Count)> Map(ulong iova, ulong paddr, ulong size, Permissions prot)
        {
            var runs = new List<(ulong Iova, ulong Paddr, ulong PageBytes, long Count)>();
            for (ulong offset = 0; offset < size;)
            {
                ulong va = iova + offset, pa = paddr + offset, rest = size - offset;
                ulong leaf = Page;
                if ((format.SupportedPageSizes & PageSizes.Size1GiB) != 0 && rest >= GiB && (va | pa) % GiB == 0) leaf = GiB;
                else if ((format.SupportedPageSizes & PageSizes.Size2MiB) != 0 && rest >= 2 * MiB && (va | pa) % (2 * MiB) == 0) leaf = 2 * MiB;
                for (ulong k = 0; k < leaf; k += Page)
                    Pages.Add((va + k) / Page, ((pa + k) / Page, prot, va, leaf));
                _leaves.Add(va, leaf);
                LeavesMade[leaf == GiB ? 3 : leaf == 2 * MiB ? 2 : 1]++;
                if (runs.Count > 0 && runs[^1].PageBytes == leaf)
                    runs[^1] = runs[^1] with { Count = runs[^1].Count + 1 };
                else
                    runs.Add((va, pa, leaf, 1));
                offset += leaf;
            }
            _ranges.Add((iova, size));
            return runs;
        }

        public ulong Unmap(ulong iova, ulong size)
        {
            ulong removed = 0, cursor = iova;
            while (removed < size && Pages.TryGetValue(cursor / Page, out var p))
            {
                if (p.LeafIova < cursor) LargeLeavesCut++;
                for (ulong k = 0; k < p.LeafBytes; k += Page) Pages.Remove((p.LeafIova + k) / Page);
                _leaves.Remove(p.LeafIova);
                removed += p.LeafBytes;
                cursor = p.LeafIova + p.LeafBytes;
            }
            return removed;
        }

        public bool TryTranslate(ulong iova, out TranslationLeaf leaf)
        {
            if (!Pages.TryGetValue(iova / Page, out var p)) { leaf = default; return false; }
            var size = p.LeafBytes == GiB ? PageSize.Size1GiB : p.LeafBytes == 2 * MiB ? PageSize.Size2MiB : PageSize.Size4KiB;
            leaf = new TranslationLeaf(p.PhysicalPage * Page + iova % Page, size, p.Rights);
            return true;
        }

        // Tables needed: the root, plus for every leaf each table on its path below the root; a table at
        // level l is shared by all IOVAs with the same bits above 12 + 9*l.
        public long ExpectedTablePages()
        {
            var tables = new HashSet<(int Level, ulong Prefix)> { (format.Levels, 0) };
            foreach (var (leafIova, bytes) in _leaves)
            {
                int leafLevel = bytes == GiB ? 3 : bytes == 2 * MiB ? 2 : 1;
                for (int level = leafLevel; level < format.Levels; level++)
                    tables.Add((level, leafIova >> (12 + 9 * level)));
            }
            return tables.Count;
        }
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so the test is repeatable.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E37_79B9_7F4A_7C15;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            return z ^ (z >> 31);
        }

        public ulong Below(ulong n) => Math.BigMul(Next(), n, out _);
    }
}
