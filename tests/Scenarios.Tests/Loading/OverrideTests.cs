using IommuSim.Devices.DmaStream;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Tests.Loading;

public class OverrideTests
{
    private const string TwoDevices = """
        run:
          seed: 5
        devices:
          - name: nic0
            type: dma-stream
            rate: 10Gbps
            size: 4KiB
            buffers: 64
            buffer_size: 4KiB
          - name: nvme0
            type: dma-stream
            rate: 20Gbps
            size: 4KiB
            buffers: 64
            buffer_size: 4KiB
        """;

    private static DmaStreamSpec Device(ScenarioSpec spec, int i) => (DmaStreamSpec)spec.Devices[i];

    [Fact]
    public void Without_variants_only_base_runs()
    {
        var variants = Load.Valid(TwoDevices);
        Assert.Equal("base", Assert.Single(variants).Name);
    }

    [Fact]
    public void Named_variants_run_after_base_in_file_order_and_change_only_what_they_name()
    {
        var variants = Load.Valid(TwoDevices + """

            variants:
              strict:
                host.mode: strict
              slow-nvme:
                devices.nvme0.rate: 1Gbps
                devices.0.size: 2KiB
              same: {}
            """);
        Assert.Equal(["base", "strict", "slow-nvme", "same"], variants.Select(v => v.Name));
        Assert.Equal(HostMode.Lazy, variants[0].Spec.Host.Mode);
        Assert.Equal(HostMode.Strict, variants[1].Spec.Host.Mode);
        Assert.Equal(20_000_000_000L, Device(variants[1].Spec, 1).Rate.BitsPerSecond);
        Assert.Equal(1_000_000_000L, Device(variants[2].Spec, 1).Rate.BitsPerSecond);
        Assert.Equal(2048, Device(variants[2].Spec, 0).Size.Bytes);
        Assert.Equal(4096, Device(variants[0].Spec, 0).Size.Bytes);
        Assert.Equal(HostMode.Lazy, variants[3].Spec.Host.Mode);
    }

    [Fact]
    public void A_mapping_value_replaces_the_whole_section()
    {
        var variants = Load.Valid(TwoDevices + """

            variants:
              other-run:
                run: {duration: 3ms}
            """);
        // The section is replaced, so seed falls back to its default rather than keeping 5.
        Assert.Equal(5UL, variants[0].Spec.Run.Seed);
        Assert.Equal(1UL, variants[1].Spec.Run.Seed);
        Assert.Equal(SimTime.FromMilliseconds(3), variants[1].Spec.Run.Duration);
    }

    [Fact]
    public void A_sweep_replaces_base_with_its_grid_the_last_key_turning_fastest()
    {
        var variants = Load.Valid(TwoDevices + """

            sweep:
              platform.memory.dram_latency: [90ns, 120ns]
              run.seed: [1, 2, 3]
            """);
        Assert.Equal([
            "platform.memory.dram_latency=90ns,run.seed=1", "platform.memory.dram_latency=90ns,run.seed=2",
            "platform.memory.dram_latency=90ns,run.seed=3", "platform.memory.dram_latency=120ns,run.seed=1",
            "platform.memory.dram_latency=120ns,run.seed=2", "platform.memory.dram_latency=120ns,run.seed=3",
        ], variants.Select(v => v.Name));
        Assert.Equal(120_000L, variants[4].Spec.Platform.Memory.DramLatency.Picoseconds);
        Assert.Equal(2UL, variants[4].Spec.Run.Seed);
    }

    [Fact]
    public void A_sweep_with_variants_crosses_each_variant_including_base_with_each_point()
    {
        var variants = Load.Valid(TwoDevices + """

            variants:
              strict: {host.mode: strict}
            sweep:
              devices.nic0.rate: [1Gbps, 2Gbps]
            """);
        Assert.Equal(["base/devices.nic0.rate=1Gbps", "base/devices.nic0.rate=2Gbps", "strict/devices.nic0.rate=1Gbps", "strict/devices.nic0.rate=2Gbps"],
            variants.Select(v => v.Name));
        Assert.Equal(HostMode.Strict, variants[3].Spec.Host.Mode);
        Assert.Equal(2_000_000_000L, Device(variants[3].Spec, 0).Rate.BitsPerSecond);
    }

    [Fact]
    public void Include_base_false_runs_only_the_named_variants()
    {
        var variants = Load.Valid(TwoDevices + """

            include_base: false
            variants:
              strict: {host.mode: strict}
            """);
        Assert.Equal("strict", Assert.Single(variants).Name);
    }

    [Fact]
    public void Set_applies_to_every_variant_after_its_own_overrides()
    {
        var variants = Load.Valid(TwoDevices + """

            variants:
              fast: {devices.nic0.rate: 40Gbps, run.seed: 9}
            """, "devices.nic0.rate=25Gbps", "host.mode=strict");
        Assert.All(variants, v => Assert.Equal(25_000_000_000L, Device(v.Spec, 0).Rate.BitsPerSecond));
        Assert.All(variants, v => Assert.Equal(HostMode.Strict, v.Spec.Host.Mode));
        Assert.Equal(9UL, variants[1].Spec.Run.Seed);
    }

    // Each variant's warnings, by name, for the variants that have any.
    private static Dictionary<string, IReadOnlyList<string>> Warnings(string yaml, params string[] sets) =>
        Load.Valid(yaml, sets).Where(v => v.Warnings.Count > 0).ToDictionary(v => v.Name, v => v.Warnings);

    [Fact]
    public void Set_over_a_variants_own_path_warns_with_both_values_and_none_for_base()
    {
        var warnings = Warnings(TwoDevices + """

            variants:
              fast: {devices.nic0.rate: 40Gbps, run.seed: 9}
              other: {host.mode: strict}
            """, "devices.0.rate=25Gbps");
        // devices.0 and devices.nic0 are one item; base and 'other' set no rate of their own.
        Assert.Equal(["fast"], warnings.Keys);
        Assert.Equal(["--set devices.0.rate=25Gbps overrides the variant's own devices.nic0.rate: 40Gbps; " +
                      "the rows labelled fast ran with devices.0.rate=25Gbps"], warnings["fast"]);
    }

    [Fact]
    public void Set_above_or_below_a_variants_own_path_warns_too()
    {
        const string variants = """

            variants:
              strict: {host.mode: strict}
              short: {run: {duration: 3ms, seed: 4}}
            """;
        // Above: the whole host section replaces the variant's host.mode.
        Assert.Equal(["--set host={mode: lazy, cpus: 2} overrides the variant's own host.mode: strict; " +
                      "the rows labelled strict ran with host={mode: lazy, cpus: 2}"],
            Warnings(TwoDevices + variants, "host={mode: lazy, cpus: 2}")["strict"]);
        // Below: part of the variant's run section is replaced.
        Assert.Equal(["--set run.seed=7 overrides the variant's own run: {duration: 3ms, seed: 4}; " +
                      "the rows labelled short ran with run.seed=7"],
            Warnings(TwoDevices + variants, "run.seed=7")["short"]);
        // Beside: host.cpus and host.intremap are neither host.mode nor above or below it.
        Assert.Empty(Warnings(TwoDevices + variants, "host.cpus=2", "host.intremap=false"));
    }

    [Fact]
    public void Only_the_set_that_decides_the_value_warns_and_only_about_the_value_it_replaced()
    {
        const string variants = """

            variants:
              strict: {host.mode: strict, run.seed: 9}
            sweep:
              host.mode: [off, passthrough]
            """;
        // host.mode=swiotlb is replaced by the later host.mode=lazy, so it decided nothing and does not warn;
        // strict's own host.mode was already replaced by the sweep's, so the sweep's value is the one named.
        var warnings = Warnings(TwoDevices + variants, "host.mode=swiotlb", "run.seed=1", "host.mode=lazy");
        Assert.Equal(["base/host.mode=off", "base/host.mode=passthrough", "strict/host.mode=off", "strict/host.mode=passthrough"], warnings.Keys);
        Assert.Equal(["--set host.mode=lazy overrides the sweep's host.mode: off; the rows labelled strict/host.mode=off ran with host.mode=lazy",
                      "--set run.seed=1 overrides the variant's own run.seed: 9; the rows labelled strict/host.mode=off ran with run.seed=1"],
            warnings["strict/host.mode=off"].Order(StringComparer.Ordinal));
        // --seed comes after every --set: a --set run.seed decides nothing then.
        Assert.All(ValidWithSeed(TwoDevices + variants, 5, "run.seed=1"), v => Assert.Empty(v.Warnings));
    }

    [Fact]
    public void Set_writing_the_variants_own_value_warns_of_nothing()
    {
        Assert.Empty(Warnings(TwoDevices + "\nvariants:\n  strict: {host.mode: strict}\n", "host.mode=strict"));
    }

    private static IReadOnlyList<ScenarioVariant> ValidWithSeed(string yaml, ulong seed, params string[] sets)
    {
        var outcome = ScenarioLoader.LoadText(yaml, Load.Source, sets, seed);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        return outcome.Scenario!.Variants;
    }

    [Fact]
    public void Set_values_are_yaml_so_sections_can_be_given_inline()
    {
        var spec = Load.Valid(TwoDevices, "platform.memory={dram_latency: 70ns, llc_hit_rate: 0.5}")[0].Spec;
        Assert.Equal(70_000L, spec.Platform.Memory.DramLatency.Picoseconds);
        Assert.Equal(0.5, spec.Platform.Memory.LlcHitRate);
    }

    [Fact]
    public void Overrides_create_sections_the_file_leaves_out()
    {
        var spec = Load.Valid(Load.Minimal, "platform.memory.llc_latency=30ns", "run.replications=3")[0].Spec;
        Assert.Equal(30_000L, spec.Platform.Memory.LlcLatency.Picoseconds);
        Assert.Equal(3, spec.Run.Replications);
    }

    [Fact]
    public void Seed_overrides_run_seed_in_every_variant_last()
    {
        var outcome = IommuSim.Scenarios.Loading.ScenarioLoader.LoadText(TwoDevices + "\nvariants:\n  b: {run.seed: 9}\n", "t.yaml", ["run.seed=3"], 42);
        Assert.True(outcome.Ok);
        Assert.All(outcome.Scenario!.Variants, v => Assert.Equal(42UL, v.Spec.Run.Seed));
    }

    [Fact]
    public void An_override_may_repair_a_device_type()
    {
        var spec = Load.Valid(Load.Minimal.Replace("type: dma-stream", "type: dma-strem"), "devices.nic0.type=dma-stream")[0].Spec;
        Assert.IsType<DmaStreamSpec>(spec.Devices[0]);
    }

    [Fact]
    public void A_bad_value_brought_by_a_variant_is_reported_where_the_variant_wrote_it()
    {
        var problems = Load.Problems(TwoDevices + """

            variants:
              typo:
                host.mode: stict
            """);
        Assert.Equal("test.yaml:18:16: error: in variant 'typo': host.mode: unknown value 'stict' (did you mean 'strict'?); expected one of off, passthrough, lazy, strict, swiotlb",
            Assert.Single(problems));
    }

    [Fact]
    public void A_bad_value_brought_by_set_names_the_argument()
    {
        var problems = Load.Problems(TwoDevices, "devices.nvme0.buffers=-3");
        Assert.Equal("--set devices.nvme0.buffers=-3: error: devices.1.buffers: -3 is below the minimum; expected a value from 1 to 16777216",
            Assert.Single(problems));
    }

    [Fact]
    public void A_problem_of_base_that_every_variant_shares_is_reported_once_without_a_variant_name()
    {
        var problems = Load.Problems(TwoDevices.Replace("seed: 5", "seed: five") + "\nvariants:\n  a: {host.mode: strict}\n  b: {host.mode: off}\n");
        Assert.Equal("test.yaml:2:9: error: run.seed: 'five' is not a whole number; expected a whole number", Assert.Single(problems));
    }
}
