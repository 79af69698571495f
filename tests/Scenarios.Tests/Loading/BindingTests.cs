using IommuSim.Devices.DmaStream;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Scenarios.Tests.Loading;

public class BindingTests
{
    [Fact]
    public void Written_values_bind_with_their_units_and_the_rest_keep_the_record_defaults()
    {
        var spec = Load.Valid("""
            name: t
            run:
              duration: 2.5ms
              seed: 18446744073709551615
            platform:
              memory:
                dram_latency: 120ns
                llc_hit_rate: 0.25
            host:
              mode: strict
            devices:
              - name: nic0
                type: dma-stream
                rate: 12.5GB/s
                arrival: constant
                direction: read
                size: 2K
                size_max: 3.5KiB
                buffers: 4096
                buffer_size: 2MiB
                page_size: 2MiB
                access: zipf
                zipf_exponent: 0.9
            """)[0].Spec;
        Assert.Equal("t", spec.Name);
        Assert.Equal(2_500_000_000L, spec.Run.Duration.Picoseconds);
        Assert.Equal(ulong.MaxValue, spec.Run.Seed);
        Assert.Equal(SimTime.FromMilliseconds(20), spec.Run.Warmup);
        Assert.Equal(1, spec.Run.Replications);
        Assert.Equal(120_000L, spec.Platform.Memory.DramLatency.Picoseconds);
        Assert.Equal(17_000L, spec.Platform.Memory.LlcLatency.Picoseconds);
        Assert.Equal(0.25, spec.Platform.Memory.LlcHitRate);
        Assert.Equal(HostMode.Strict, spec.Host.Mode);
        var d = Assert.IsType<DmaStreamSpec>(Assert.Single(spec.Devices));
        Assert.Equal(100_000_000_000L, d.Rate.BitsPerSecond);
        Assert.Equal(ArrivalProcess.Constant, d.Arrival);
        Assert.Equal(DmaDirection.Read, d.Direction);
        Assert.Equal(2048, d.Size.Bytes);
        Assert.Equal(3584, d.SizeMax.Bytes);
        Assert.Equal(4096, d.Buffers);
        Assert.Equal(2L << 20, d.BufferSize.Bytes);
        Assert.Equal(AccessPattern.Zipf, d.Access);
        Assert.Equal(0.9, d.ZipfExponent);
        Assert.Equal("", d.Bdf);
    }

    [Fact]
    public void Json_goes_through_the_same_loader_with_positions()
    {
        string json = """
            {
              "name": "from-json",
              "devices": [
                { "name": "nic0", "type": "dma-stream", "rate": "1Gbps", "size": "64B",
                  "buffers": 8, "buffer_size": "4KiB", "zipf_exponent": 2 }
              ]
            }
            """;
        var spec = Load.Valid(json)[0].Spec;
        Assert.Equal("from-json", spec.Name);
        Assert.Equal(64, ((DmaStreamSpec)spec.Devices[0]).Size.Bytes);

        var problems = Load.Problems(json.Replace("\"64B\"", "64"));
        Assert.Equal("test.yaml:4:70: error: devices.0.size: '64' has no unit; expected a size with a unit (B, K, KB, KiB, M, MB, MiB, G, GB, GiB, T, TB, TiB; all binary), e.g. 4KiB",
            Assert.Single(problems));
    }

    [Fact]
    public void Merge_keys_share_settings_between_devices()
    {
        var devices = Load.Valid("""
            devices:
              - &nic
                name: nic0
                type: dma-stream
                rate: 10Gbps
                size: 4KiB
                buffers: 64
                buffer_size: 4KiB
              - <<: *nic
                name: nic1
                rate: 25Gbps
            """)[0].Spec.Devices.Cast<DmaStreamSpec>().ToList();
        Assert.Equal(["nic0", "nic1"], devices.Select(d => d.Name));
        Assert.Equal(25_000_000_000L, devices[1].Rate.BitsPerSecond);
        Assert.Equal(64, devices[1].Buffers);
    }

    [Fact]
    public void Every_problem_is_reported_sorted_by_position_not_just_the_first()
    {
        var problems = Load.Problems("""
            run:
              replications: 0
              duration: 10
            host:
              mode: lazzy
            devices:
              - name: nic0
                type: dma-stream
                rate: 10Gbps
                size: 4KiB
                buffers: 64
                buffer_size: 4KiB
                acess: uniform
            """);
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("test.yaml:2:17: error: run.replications: 0 is below the minimum; expected a value from 1 to 10000", problems[0]);
        Assert.StartsWith("test.yaml:3:13: error: run.duration: '10' has no unit", problems[1]);
        Assert.Equal("test.yaml:5:9: error: host.mode: unknown value 'lazzy' (did you mean 'lazy'?); expected one of off, passthrough, lazy, strict, swiotlb", problems[2]);
        Assert.StartsWith("test.yaml:13:5: error: devices.0: unknown key 'acess' (did you mean 'access'?); expected one of type, name, bdf, rate,", problems[3]);
    }

    [Fact]
    public void A_records_own_rule_points_at_the_key_it_names()
    {
        var problems = Load.Problems(Load.Minimal.Replace("    size: 4KiB", "    size: 8KiB"));
        Assert.Equal("test.yaml:7:18: error: devices.0.buffer_size: buffer_size (4KiB) must hold the largest request (8KiB)", Assert.Single(problems));
    }

    [Fact]
    public void A_rule_about_an_absent_key_points_at_the_mapping_that_lacks_it()
    {
        // Two devices named alike: ScenarioSpec's rule names devices.1.name, which exists; with no
        // devices at all it names 'devices', which points at the empty list.
        var problems = Load.Problems("devices: []\n");
        Assert.Equal("test.yaml:1:10: error: devices: at least one device is needed", Assert.Single(problems));
    }

    [Fact]
    public void Missing_required_keys_are_reported_at_the_mapping()
    {
        var problems = Load.Problems("""
            devices:
              - name: nic0
                type: dma-stream
                size: 4KiB
            """);
        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("test.yaml:2:5: error: devices.0: missing required key '", p));
        Assert.Contains(problems, p => p.Contains("'rate'; expected rate: a bit rate with a unit", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'buffers'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'buffer_size'", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_values_are_empty_text_but_not_a_number()
    {
        var spec = Load.Valid("description:\n" + Load.Minimal)[0].Spec;
        Assert.Equal("", spec.Description);
        var problems = Load.Problems("run:\n  seed:\n" + Load.Minimal);
        Assert.Equal("test.yaml:2:8: error: run.seed: found an empty value; expected a whole number", Assert.Single(problems));
    }

    [Fact]
    public void Quoted_values_bind_like_plain_ones()
    {
        var spec = Load.Valid("run:\n  seed: \"7\"\n  duration: '5ms'\n" + Load.Minimal)[0].Spec;
        Assert.Equal(7UL, spec.Run.Seed);
        Assert.Equal(SimTime.FromMilliseconds(5), spec.Run.Duration);
    }

    [Fact]
    public void Sizes_compare_with_bounds_in_bytes_and_times_in_picoseconds()
    {
        // rate has Min = 1 (bit/s): 1bps is within the bound (though too slow for 4 KiB requests), 0bps is not; warmup has Min = 0.
        Assert.Contains("comes every 3.28E+04 s", Load.Problems(Load.Minimal.Replace("10Gbps", "1bps")).Single());
        Assert.Single(Load.Valid(Load.Minimal.Replace("10Gbps", "33kbps")));
        var problems = Load.Problems("run:\n  warmup: -1ps\n" + Load.Minimal.Replace("10Gbps", "0bps"));
        Assert.Equal("test.yaml:2:11: error: run.warmup: -1ps is below the minimum; expected a value from 0s to 1000000s", problems[0]);
        Assert.Equal("test.yaml:6:11: error: devices.0.rate: 0bps is below the minimum; expected a value from 1bps to 10Tbps", problems[1]);
    }
}
