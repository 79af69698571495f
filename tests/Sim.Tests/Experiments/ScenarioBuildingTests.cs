using IommuSim.Devices.DmaStream;
using IommuSim.Experiments;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;
using static IommuSim.Tests.Experiments.ExperimentFixtures;

namespace IommuSim.Tests.Experiments;

/// <summary>A scenario built call by call binds as the file that says the same does.</summary>
public class ScenarioBuildingTests
{
    [Fact]
    public void A_scenario_built_in_calls_binds_to_the_spec_of_the_same_yaml()
    {
        var built = ShortStream().Spec();
        var parsed = Scenario.Parse(ShortStreamYaml).Spec();
        Assert.Equal(Resolved(parsed), Resolved(built));
        Assert.Equal(parsed.Run, built.Run);
        Assert.Equal(parsed.Devices[0], built.Devices[0]);
        // And the values are the ones written, not two equal defaults.
        var nic = Assert.IsType<DmaStreamSpec>(built.Devices[0]);
        Assert.Equal((BitRate.Parse("10Gbps"), ByteSize.FromKiB(4), 256, AccessPattern.Uniform), (nic.Rate, nic.Size, nic.Buffers, nic.Access));
        Assert.Equal((SimTime.FromMilliseconds(2), SimTime.FromMicroseconds(500), 7UL, 3), (built.Run.Duration, built.Run.Warmup, built.Run.Seed, built.Run.Replications));
    }

    [Fact]
    public void From_a_spec_built_in_csharp_gives_back_the_same_spec()
    {
        // The spec of notebooks/README.md.
        var spec = new ScenarioSpec
        {
            Run = new RunSpec { Duration = SimTime.Parse("10ms"), Warmup = SimTime.Parse("1ms") },
            Host = new HostSpec { Mode = HostMode.Strict },
            Devices =
            [
                new DmaStreamSpec
                {
                    Name = "nic0", Rate = BitRate.Parse("10Gbps"), Size = ByteSize.Parse("1500B"),
                    Buffers = 1024, BufferSize = ByteSize.Parse("2KiB"), Mapping = BufferMapping.PerRequest,
                },
            ],
        };
        var bound = Scenario.From(spec).Spec();
        Assert.Equal(Resolved(spec), Resolved(bound));
        Assert.Equal(spec.Devices[0], bound.Devices[0]);
        Assert.Equal(HostMode.Strict, bound.Host.Mode);
    }

    public static TheoryData<string, object, string> TypedValues() => new()
    {
        { "devices.nic0.rate", BitRate.Parse("25Gbps"), "25Gbps" },
        { "devices.nic0.size", ByteSize.FromKiB(2), "2KiB" },
        { "run.duration", SimTime.FromMicroseconds(1500), "1500us" },
        { "host.mode", HostMode.Strict, "strict" },
        { "devices.nic0.buffers", 128, "128" },
        { "devices.nic0.zipf_exponent", 0.8, "0.8" },
        { "platform.iommu.pages_1gib", false, "false" },
    };

    [Theory]
    [MemberData(nameof(TypedValues))]
    public void A_typed_value_sets_the_key_as_its_text_does(string path, object typed, string text)
    {
        var byType = ShortStream().With(path, typed).Spec();
        var byText = ShortStream().With(path, text).Spec();
        var unchanged = ShortStream().Spec();
        Assert.Equal(Resolved(byText), Resolved(byType));
        Assert.NotEqual(Resolved(unchanged), Resolved(byType)); // the value took effect
    }

    [Fact]
    public void A_named_variant_runs_after_base()
    {
        var s = ShortStream().WithVariant("strict", ("host.mode", "strict"));
        Assert.Equal(["base", "strict"], s.Variants);
        Assert.Equal(HostMode.Lazy, s.Spec("base").Host.Mode); // the documented default
        Assert.Equal(HostMode.Strict, s.Spec("strict").Host.Mode);
    }

    [Fact]
    public void A_sweep_alone_replaces_base_with_its_points_the_last_path_fastest()
    {
        var s = ShortStream().WithSweep("devices.nic0.rate", "1Gbps", "2Gbps").WithSweep("devices.nic0.buffers", 16, 32);
        Assert.Equal(
            [
                "devices.nic0.rate=1Gbps,devices.nic0.buffers=16", "devices.nic0.rate=1Gbps,devices.nic0.buffers=32",
                "devices.nic0.rate=2Gbps,devices.nic0.buffers=16", "devices.nic0.rate=2Gbps,devices.nic0.buffers=32",
            ],
            s.Variants);
        var last = Assert.IsType<DmaStreamSpec>(s.Spec("devices.nic0.rate=2Gbps,devices.nic0.buffers=32").Devices[0]);
        Assert.Equal((BitRate.Parse("2Gbps"), 32), (last.Rate, last.Buffers));
    }

    [Fact]
    public void A_sweep_with_variants_crosses_every_variant_with_every_point()
    {
        var s = ShortStream().WithVariant("strict", ("host.mode", "strict")).WithSweep("devices.nic0.rate", "1Gbps", "2Gbps");
        Assert.Equal(
            ["base/devices.nic0.rate=1Gbps", "base/devices.nic0.rate=2Gbps", "strict/devices.nic0.rate=1Gbps", "strict/devices.nic0.rate=2Gbps"],
            s.Variants);
        Assert.Equal(HostMode.Strict, s.Spec("strict/devices.nic0.rate=2Gbps").Host.Mode);
    }

    [Fact]
    public void WithoutBase_runs_only_the_named_variants()
    {
        var s = ShortStream().WithVariant("strict", ("host.mode", "strict")).WithVariant("off", ("host.mode", "off")).WithoutBase();
        Assert.Equal(["strict", "off"], s.Variants);
    }

    [Fact]
    public void With_sets_the_document_so_every_variant_has_it_unless_the_variant_changes_it()
    {
        // As if written in the file: a key no variant touches is in all of them; a variant's own change still wins.
        var s = ShortStream().WithVariant("strict", ("host.mode", "strict")).With("run.seed", 42).With("host.mode", "off");
        Assert.All(s.Variants, v => Assert.Equal(42UL, s.Spec(v).Run.Seed));
        Assert.Equal(HostMode.Off, s.Spec("base").Host.Mode);
        Assert.Equal(HostMode.Strict, s.Spec("strict").Host.Mode);
    }

    [Fact]
    public void A_sweep_point_changes_a_value_set_by_With()
    {
        var s = ShortStream().With("devices.nic0.rate", "5Gbps").WithSweep("devices.nic0.rate", "1Gbps", "2Gbps");
        Assert.Equal(BitRate.Parse("1Gbps"), Assert.IsType<DmaStreamSpec>(s.Spec("devices.nic0.rate=1Gbps").Devices[0]).Rate);
        Assert.Equal(BitRate.Parse("2Gbps"), Assert.IsType<DmaStreamSpec>(s.Spec("devices.nic0.rate=2Gbps").Devices[0]).Rate);
    }

    [Fact]
    public void A_string_is_one_values_text_not_yaml()
    {
        Assert.Equal("a: b, [c]", ShortStream().With("description", "a: b, [c]").Spec().Description);
    }

    [Fact]
    public void Every_call_returns_a_new_scenario_and_leaves_its_source_as_it_was()
    {
        var before = ShortStream();
        var after = before.With("host.mode", "strict").WithVariant("v", ("run.seed", 3));
        Assert.Equal(HostMode.Lazy, before.Spec().Host.Mode);
        Assert.Equal(["base"], before.Variants);
        Assert.Equal(["base", "v"], after.Variants);
    }

    [Fact]
    public void Names_are_taken_as_written_not_read_as_yaml()
    {
        var s = Scenario.New("a: b").WithDevice("[x]", "dma-stream", ("rate", "1Gbps"), ("size", "4KiB"), ("buffers", 1), ("buffer_size", "4KiB"));
        Assert.Equal("a: b", s.Name);
        Assert.Equal("[x]", s.Spec().Devices[0].Name);
    }

    [Fact]
    public void Spec_of_an_unknown_variant_lists_the_variants()
    {
        var s = ShortStream().WithVariant("strict", ("host.mode", "strict"));
        var e = Assert.Throws<ArgumentException>(() => s.Spec("stirct"));
        Assert.Contains("no variant 'stirct'; expected one of base, strict", e.Message);
    }
}
