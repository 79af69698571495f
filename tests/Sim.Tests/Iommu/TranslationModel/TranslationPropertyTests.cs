using IommuSim.Iommu;
using IommuSim.Kernel.Randomness;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// 100,000 seeded random map / unmap / translate operations on two devices in two domains, through the whole
/// translation unit (context cache, IOTLB, walk caches, walkers, invalidation), each answer checked against a
/// plain model: a dictionary from 4 KiB IOVA page to (physical page, rights). Every unmap is followed by a
/// page-selective IOTLB invalidation and a wait, as a strict-mode host does; without it a stale IOTLB entry
/// may answer (see <see cref="InvalidationTests"/>). Translations go in batches of 1 to 4 at once, so misses
/// overlap, share walks and queue for walkers.
/// </summary>
public class TranslationPropertyTests
{
    private const int Operations = 100_000;
    private const ulong Page = 4 * KiB;
    // Domain 1 maps physical addresses in [2^40, 2^41), domain 2 in [2^41, 2^42): an answer outside its own
    // band would be one device reaching another's memory.
    private const ulong Band = 1UL << 40;
    private const ulong IovaSpace = 1 * GiB;

    private sealed class Model
    {
        public readonly Dictionary<ulong, (ulong Pa, Permissions Prot)> Pages = [];
        public readonly List<(ulong Iova, ulong Size)> Mappings = [];

        public bool Overlaps(ulong iova, ulong size)
        {
            for (ulong p = iova; p < iova + size; p += Page)
                if (Pages.ContainsKey(p / Page)) return true;
            return false;
        }
    }

    public static TheoryData<ulong, IommuParams> Configurations => new()
    {
        { 0x5EED_1001UL, new IommuParams() },
        {
            // Small caches with every replacement policy in play, a split IOTLB and few walkers.
            0x5EED_1002UL, new IommuParams
            {
                Iotlb = new IotlbParams
                {
                    Organization = IotlbOrganization.SplitPerPageSize, Entries = 8, Ways = 2, Replacement = ReplacementPolicy.Random,
                    LargePageEntries = 2, LargePageWays = 2,
                },
                WalkCaches = new WalkCacheParams { Level4Entries = 1, Level3Entries = 2, Level2Entries = 4, Ways = 2, Replacement = ReplacementPolicy.Lru },
                ContextCache = new ContextCacheParams { Entries = 1, Ways = 1, Replacement = ReplacementPolicy.Fifo },
                Walkers = new WalkerParams { Count = 2 },
            }
        },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Random_operations_through_the_unit_match_a_dictionary_model(ulong seed, IommuParams parameters)
    {
        var rig = new TranslationRig(parameters, seed);
        var rng = new RandomStreams(seed).Get("operations");
        var domains = new[] { rig.NewDomain(1), rig.NewDomain(2) };
        ushort[] rids = [0x100, 0x200];
        var models = new[] { new Model(), new Model() };
        for (int d = 0; d < 2; d++) rig.Unit.Attach(rids[d], domains[d].Domain);
        int maps = 0, unmaps = 0, checkedTranslations = 0;
        var batch = new List<(int Domain, ulong Iova, AccessKind Access)>();
        var lastIova = new ulong[2];

        for (int op = 0; op < Operations; op++)
        {
            int d = rng.NextInt(2);
            var model = models[d];
            ulong band = (ulong)(d + 1) * Band;
            int roll = rng.NextInt(100);
            if (roll < 35)
            {
                ulong size, iova;
                switch (rng.NextInt(10))
                {
                    case < 7: size = (1 + (ulong)rng.NextInt(16)) * Page; iova = (ulong)rng.NextInt64((long)(IovaSpace / Page)) * Page; break;
                    case < 9: size = 2 * MiB * (1 + (ulong)rng.NextInt(2)) + (ulong)rng.NextInt(3) * Page; iova = (ulong)rng.NextInt(512) * 2 * MiB; break;
                    default: size = (1 + (ulong)rng.NextInt(600)) * Page; iova = (ulong)rng.NextInt64((long)(IovaSpace / Page)) * Page; break;
                }
                // Same alignment as the IOVA, so large leaves happen.
                ulong pa = band + (ulong)rng.NextInt(256) * GiB + iova;
                var prot = (Permissions)(1 + rng.NextInt(3));
                if (model.Overlaps(iova, size))
                {
                    // Refusals are exceptions, slow to throw: check one in eight, skip the rest.
                    if (rng.NextInt(8) != 0) continue;
                    var ex = Assert.Throws<IommuMappingException>(() => domains[d].Map(iova, pa, size, prot));
                    Assert.Equal(MappingError.Overlap, ex.Error);
                    continue;
                }
                domains[d].Map(iova, pa, size, prot);
                maps++;
                for (ulong off = 0; off < size; off += Page) model.Pages.Add((iova + off) / Page, (pa + off, prot));
                model.Mappings.Add((iova, size));
            }
            else if (roll < 55)
            {
                if (model.Mappings.Count == 0) continue;
                int which = rng.NextInt(model.Mappings.Count);
                var (iova, size) = model.Mappings[which];
                // A mapping's leaves lie inside it, so unmapping exactly it removes exactly it.
                Assert.Equal(size, domains[d].Unmap(iova, size));
                unmaps++;
                model.Mappings[which] = model.Mappings[^1];
                model.Mappings.RemoveAt(model.Mappings.Count - 1);
                for (ulong off = 0; off < size; off += Page) model.Pages.Remove((iova + off) / Page);
                rig.InvalidateAndWait(InvalidationDescriptor.IotlbRange(domains[d].Id, iova, size));
            }
            else
            {
                batch.Clear();
                rig.Delivered.Clear();
                int n = 1 + rng.NextInt(4);
                for (int i = 0; i < n; i++)
                {
                    int bd = i == 0 ? d : rng.NextInt(2);
                    var m = models[bd];
                    // Locality, so caches hit: often the page of the domain's previous translation, otherwise
                    // mostly somewhere mapped, sometimes anywhere.
                    int where = rng.NextInt(10);
                    ulong iova = where < 4 ? lastIova[bd] / Page * Page + (ulong)rng.NextInt((int)Page)
                        : where < 8 && m.Mappings.Count > 0 ? PickInside(m.Mappings[rng.NextInt(m.Mappings.Count)], rng)
                        : (ulong)rng.NextInt64((long)(IovaSpace + 4 * MiB));
                    lastIova[bd] = iova;
                    var access = rng.NextInt(2) == 0 ? AccessKind.Read : AccessKind.Write;
                    batch.Add((bd, iova, access));
                    rig.Start(rids[bd], iova, access, token: i);
                }
                rig.Sim.Run();
                Assert.Equal(n, rig.Delivered.Count);
                foreach (var (t, token, _) in rig.Delivered)
                {
                    var (bd, iova, access) = batch[(int)token];
                    Check(models[bd], (ulong)(bd + 1) * Band, bd + 1, iova, access, t);
                    checkedTranslations++;
                }
            }
        }

        Assert.Equal(maps, rig.Maps.Count);
        Assert.Equal(unmaps, rig.Unmaps.Count);
        Assert.True(checkedTranslations > Operations / 3, $"only {checkedTranslations} translations checked");
        // The run exercised every path the model is meant to cover.
        Assert.True(rig.Unit.Iotlb.Hits > 1000 && rig.Unit.Walkers.Walks > 1000, $"IOTLB hits {rig.Unit.Iotlb.Hits}, walks {rig.Unit.Walkers.Walks}");
        Assert.True(rig.Unit.FaultCount(IoFaultKind.NotPresent) > 100 && rig.Unit.FaultCount(IoFaultKind.WriteToReadOnly) > 100);
        Assert.True(rig.Unit.Walkers.SharedWalks > 0);
    }

    private static ulong PickInside((ulong Iova, ulong Size) mapping, RandomStream rng) =>
        mapping.Iova + (ulong)rng.NextInt64((long)mapping.Size);

    private static void Check(Model model, ulong band, int domainId, ulong iova, AccessKind access, in IommuSim.Iommu.Translation t)
    {
        Assert.Equal(domainId, t.DomainId);
        if (!model.Pages.TryGetValue(iova / Page, out var entry))
        {
            Assert.True(t.Fault == IoFaultKind.NotPresent, $"0x{iova:x} is not mapped in domain {domainId}, got {t}");
            return;
        }
        var needed = access == AccessKind.Write ? Permissions.Write : Permissions.Read;
        if ((entry.Prot & needed) == 0)
        {
            Assert.Equal(access == AccessKind.Write ? IoFaultKind.WriteToReadOnly : IoFaultKind.ReadNotPermitted, t.Fault);
            return;
        }
        Assert.True(t.Succeeded, $"0x{iova:x} in domain {domainId}: expected 0x{entry.Pa + iova % Page:x}, got {t}");
        Assert.Equal(entry.Pa + iova % Page, t.PhysicalAddress);
        Assert.Equal(band, t.PhysicalAddress & ~(Band - 1));
    }
}
