using System.Reflection;
using System.Text.RegularExpressions;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Parameters;
using IommuSim.Platform;

namespace IommuSim.Tests.Iommu.TranslationModel;

public class IommuParamsTests
{
    private static readonly Type[] Records =
    [
        typeof(IommuParams), typeof(IotlbParams), typeof(WalkCacheParams), typeof(ContextCacheParams),
        typeof(DeviceAtcParams), typeof(WalkerParams), typeof(InvalidationParams), typeof(IommuSim.Iommu.Interrupts.InterruptRemappingParams),
    ];

    public static TheoryData<Type> RecordTypes => new(Records);

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Every_key_is_declared_with_a_description_a_source_and_a_default(Type record)
    {
        Assert.NotNull(record.GetConstructor(Type.EmptyTypes));
        var keys = new HashSet<string>();
        foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var param = property.GetCustomAttribute<ParamAttribute>();
            if (property.SetMethod is null)
            {
                Assert.Null(param);   // derived values are not keys
                continue;
            }
            Assert.NotNull(param);
            Assert.Matches(new Regex("^[a-z][a-z0-9_]*$"), param.Key);
            Assert.True(keys.Add(param.Key), $"{record.Name} declares '{param.Key}' twice");
            Assert.False(string.IsNullOrWhiteSpace(param.Description));
            Assert.False(param.Required);
            // Sections (records) document their own keys; every value key says where its default comes from.
            bool section = Records.Contains(property.PropertyType);
            if (!section) Assert.False(string.IsNullOrWhiteSpace(param.Source), $"{record.Name}.{property.Name} has no source");
            if (property.PropertyType == typeof(int) || property.PropertyType == typeof(SimTime))
                Assert.False(double.IsNaN(param.Min), $"{record.Name}.{property.Name} has no minimum");
        }
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new IommuParams().ValidateAll());
        Assert.Equal(4, new IommuParams().Levels);
        Assert.Equal(PageSizes.All, new IommuParams().SupportedPageSizes);
        Assert.Equal(new PageTableFormat(5, PageSizes.UpTo2MiB), new IommuParams { AddressWidth = 57, Pages1GiB = false }.ToPageTableFormat());
    }

    [Fact]
    public void Every_problem_is_reported_with_its_dotted_key()
    {
        var bad = new IommuParams
        {
            AddressWidth = 50,
            Iotlb = new IotlbParams { Entries = 64, Ways = 3 },
            WalkCaches = new WalkCacheParams { Level2Entries = 6 },   // 4 ways do not divide 6
            ContextCache = new ContextCacheParams { Entries = 0 },
            Invalidation = new InvalidationParams { WaitLatency = SimTime.FromNanoseconds(-1) },
        };
        var problems = bad.ValidateAll().ToDictionary(p => p.Key, p => p.Message);

        Assert.Equal(["address_width", "iotlb.ways", "walk_caches.ways", "context_cache.entries", "invalidation.wait_latency"], problems.Keys);
        Assert.Contains("48 (4-level tables) or 57", problems["address_width"]);
        Assert.Contains("ways (3) must divide entries (64)", problems["iotlb.ways"]);
        Assert.Contains("level2_entries (6)", problems["walk_caches.ways"]);
        var ex = Assert.Throws<ArgumentException>(() =>
            new TranslationUnit(new Simulation(), bad, new MemoryParams(), new RandomStreams(1)));
        Assert.Contains("iotlb.ways", ex.Message);
        Assert.Contains("context_cache.entries", ex.Message);
    }

    [Fact]
    public void A_cache_smaller_than_its_ways_is_fully_associative()
    {
        Assert.Empty(new WalkCacheParams { Level4Entries = 2, Ways = 4 }.Validate());
        var rig = new TranslationRig(new IommuParams { WalkCaches = new WalkCacheParams { Level4Entries = 2, Ways = 4 } });
        Assert.True(rig.Unit.WalkCaches[4]!.Cache.Parameters.IsFullyAssociative);
        Assert.Null(rig.Unit.WalkCaches[5]);   // 0 entries: no cache
    }
}
