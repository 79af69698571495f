using IommuSim.Kernel;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Outputs;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Scenarios.Tests.Metadata;

public class GenericBindingTests
{
    private static (Gadget? Value, IReadOnlyList<string> Problems) Bind(string yaml)
    {
        var problems = new ProblemList();
        var node = YamlTreeReader.Read(yaml, "g.yaml", problems);
        var value = node is null ? null : (Gadget?)new SpecBinder(problems, []).Bind(node, SpecTypes.Of(typeof(Gadget)));
        return (value, problems.Sorted().Select(p => p.ToString()).ToList());
    }

    [Fact]
    public void Records_the_binder_has_never_seen_bind_through_their_params()
    {
        var (g, problems) = Bind("""
            count: 7
            big: -9000000000
            flag: TRUE
            delay: 2ns
            sizes: [4K, 2MiB]
            mode: x86-64
            parts:
              - {type: wheel, name: w}
              - type: lever
                name: l
                arms: [1, -2]
            """);
        Assert.Empty(problems);
        Assert.Equal(7u, g!.Count);
        Assert.Equal(-9_000_000_000L, g.Big);
        Assert.True(g.Flag);
        Assert.Equal(SimTime.FromNanoseconds(2), g.Delay);
        Assert.Equal([4096L, 2L << 20], g.Sizes.Select(s => s.Bytes));
        Assert.Equal(GadgetMode.X86, g.Mode);
        Assert.Equal(1024, Assert.IsType<Wheel>(g.Parts[0]).Radius.Bytes);
        var lever = Assert.IsType<Lever>(g.Parts[1]);
        Assert.Equal([1, -2], lever.Arms);
        Assert.Equal(5_000_000L, lever.Rate.BitsPerSecond);
    }

    [Fact]
    public void Defaults_stay_when_keys_are_absent_and_null_clears_an_optional_value()
    {
        var (g, problems) = Bind("delay: ~\n");
        Assert.Empty(problems);
        Assert.Null(g!.Delay);
        Assert.Equal(3u, g.Count);
        Assert.Equal(GadgetMode.IOTLBFlush, g.Mode);
    }

    [Theory]
    [InlineData("count: 1", "g.yaml:1:8: error: count: 1 is below the minimum; expected a value from 2 to 9")]
    [InlineData("count: -1", "g.yaml:1:8: error: count: -1 does not fit; expected a whole number from 0 to 4294967295")]
    [InlineData("delay: 999ps", "g.yaml:1:8: error: delay: 999ps is below the minimum; expected a value at least 1ns")]
    [InlineData("flag: yes", "g.yaml:1:7: error: flag: 'yes' is not true or false; expected true or false")]
    [InlineData("mode: dma_lazy", "g.yaml:1:7: error: mode: unknown value 'dma_lazy' (did you mean 'dma-lazy'?); expected one of dma-lazy, iotlb-flush, x86-64")]
    [InlineData("sizes: [4K, 4]", "g.yaml:1:13: error: sizes.1: '4' has no unit; expected a size with a unit (B, K, KB, KiB, M, MB, MiB, G, GB, GiB, T, TB, TiB; all binary), e.g. 4KiB")]
    [InlineData("sizes: 4K", "g.yaml:1:8: error: sizes: found the value '4K'; expected a list, each item a size with a unit (B, K, KB, KiB, M, MB, MiB, G, GB, GiB, T, TB, TiB; all binary), e.g. 4KiB")]
    [InlineData("parts: [{name: p}]", "g.yaml:1:9: error: parts.0: missing key 'type' that says which kind of gadget part this is; expected one of lever, wheel")]
    [InlineData("parts: [{type: whel, name: p}]", "g.yaml:1:16: error: parts.0.type: unknown gadget part type 'whel' (did you mean 'wheel'?); expected one of lever, wheel")]
    [InlineData("parts: [{type: wheel}]", "g.yaml:1:9: error: parts.0: missing required key 'name'; expected name: text")]
    [InlineData("parts: [{type: wheel, name: p, arms: [1]}]", "g.yaml:1:32: error: parts.0: unknown key 'arms'; expected one of type, name, radius")]
    public void Problems_name_the_key_path_the_position_and_what_was_expected(string yaml, string expected)
    {
        var (g, problems) = Bind(yaml + "\n");
        Assert.Null(g);
        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void The_yaml_emitter_writes_every_key_so_that_binding_gives_the_same_values_back()
    {
        var original = new Gadget
        {
            Count = 4, Big = long.MinValue, Flag = true, Delay = SimTime.FromPicoseconds(1500), Sizes = [IommuSim.Units.ByteSize.FromBytes(1025)],
            Mode = GadgetMode.DmaLazy, Parts = [new Wheel { Name = "true", Radius = IommuSim.Units.ByteSize.FromMiB(3) }, new Lever { Name = "", Arms = [] }],
        };
        var text = new StringWriter();
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        new SpecYamlEmitter(emitter).Value(original, SpecTypes.Of(typeof(Gadget)));
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());

        var (g, problems) = Bind(text.ToString());
        Assert.Empty(problems);
        Assert.Equal(original.Count, g!.Count);
        Assert.Equal(original.Big, g.Big);
        Assert.Equal(original.Delay, g.Delay);
        Assert.Equal(original.Sizes, g.Sizes);
        Assert.Equal(original.Mode, g.Mode);
        Assert.Equal("true", g.Parts[0].Name);
        Assert.Equal(3L << 20, ((Wheel)g.Parts[0]).Radius.Bytes);
        Assert.Equal("", g.Parts[1].Name);
        Assert.Contains("mode: dma-lazy", text.ToString());
        Assert.Contains("rate: 5Mbps", text.ToString());
    }

    [Theory]
    [InlineData("DmaLazy", "dma-lazy")]
    [InlineData("IOTLBFlush", "iotlb-flush")]
    [InlineData("Passthrough", "passthrough")]
    [InlineData("Level4Table", "level4-table")]
    public void Enum_members_are_spelt_in_kebab_case(string member, string expected) =>
        Assert.Equal(expected, EnumSpecType.KebabCase(member));

    [Theory]
    [InlineData("duraton", "duration")]
    [InlineData("Duration", "duration")]
    [InlineData("dram_latnecy", "dram_latency")]
    [InlineData("replication", "replications")]
    [InlineData("xyz", null)]
    [InlineData("seed_value", null)]
    public void Did_you_mean_picks_the_closest_key_within_a_third_of_its_length(string word, string? expected) =>
        Assert.Equal(expected, DidYouMean.Suggest(word, ["duration", "warmup", "seed", "replications", "dram_latency"]));
}
