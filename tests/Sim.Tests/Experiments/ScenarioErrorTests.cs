using IommuSim.Experiments;

namespace IommuSim.Tests.Experiments;

/// <summary>A wrong key or value is reported at the call that brought it, as the CLI reports one at its file position.</summary>
public class ScenarioErrorTests
{
    private static Scenario Stream() => Scenario.New("errors")
        .WithDevice("nic0", "dma-stream", ("rate", "10Gbps"), ("size", "4KiB"), ("buffers", 16), ("buffer_size", "4KiB"));

    [Fact]
    public void A_misspelt_key_is_named_at_the_call_with_the_key_it_resembles()
    {
        var e = Assert.Throws<ScenarioException>(() => Stream().With("host.mdoe", "strict"));
        Assert.StartsWith("With(\"host.mdoe\"): error: bad path 'host.mdoe'", e.Message);
        Assert.Contains("'mode'", e.Message);
        Assert.Single(e.Problems);
    }

    [Theory]
    // The call is named as written; the key as bound (a device by its index, as a file's position would place it).
    [InlineData("host.mode", "stirct", "host.mode: unknown value 'stirct' (did you mean 'strict'?)")]
    [InlineData("devices.nic0.rate", "10Gbs", "devices.0.rate: unknown bit rate unit 'Gbs' in '10Gbs'")]
    [InlineData("run.replications", "many", "run.replications: 'many' is not a whole number")]
    public void A_bad_value_is_named_at_the_call_with_its_key(string path, string value, string problem)
    {
        var e = Assert.Throws<ScenarioException>(() => Stream().With(path, value));
        Assert.StartsWith($"With(\"{path}\"): error: {problem}", e.Message);
        Assert.Single(e.Problems);
    }

    [Fact]
    public void A_value_of_a_type_no_scenario_holds_is_refused_at_the_call()
    {
        var e = Assert.Throws<ScenarioException>(() => Stream().With("run.seed", new Uri("http://example.org")));
        Assert.StartsWith("With(\"run.seed\"): error:", e.Message);
        Assert.Contains("a Uri is not a scenario value", e.Message);
        // Only that problem: not also the empty value left in its place.
        Assert.Single(e.Problems);
    }

    [Fact]
    public void A_device_without_a_required_key_names_the_key()
    {
        var e = Assert.Throws<ScenarioException>(() =>
            Scenario.New("errors").WithDevice("nic0", "dma-stream", ("rate", "10Gbps"), ("size", "4KiB"), ("buffer_size", "4KiB")));
        Assert.StartsWith("WithDevice(\"nic0\"): error:", e.Message);
        Assert.StartsWith("WithDevice(\"nic0\"): error: devices.0: missing required key 'buffers'", e.Message);
    }

    [Fact]
    public void An_unknown_device_type_is_named_with_the_types_there_are()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.New("errors").WithDevice("nic0", "dma-strem", ("rate", "10Gbps")));
        Assert.StartsWith("WithDevice(\"nic0\"): error:", e.Message);
        Assert.StartsWith("WithDevice(\"nic0\"): error: devices.0.type: unknown device type 'dma-strem' (did you mean 'dma-stream'?)", e.Message);
        Assert.Contains("accelerator, dma-stream, nic, nvme, replay", e.Message);
    }

    [Fact]
    public void A_device_name_used_twice_is_refused_at_the_second_device()
    {
        var e = Assert.Throws<ScenarioException>(() =>
            Stream().WithDevice("nic0", "dma-stream", ("rate", "1Gbps"), ("size", "4KiB"), ("buffers", 1), ("buffer_size", "4KiB")));
        Assert.StartsWith("WithDevice(\"nic0\"): error:", e.Message);
        Assert.StartsWith("WithDevice(\"nic0\"): error: devices.1.name: device name 'nic0' is used twice", e.Message);
    }

    [Fact]
    public void A_scenario_without_devices_is_built_but_refused_when_used()
    {
        var empty = Scenario.New("empty"); // no throw: devices may still come
        var run = Assert.Throws<ScenarioException>(() => empty.Run(parallelism: 1));
        Assert.StartsWith("Scenario.New(\"empty\"): error: missing required key 'devices'", run.Message);
        Assert.Equal(run.Message, Assert.Throws<ScenarioException>(() => empty.Variants).Message);
        Assert.Equal(run.Message, Assert.Throws<ScenarioException>(() => empty.Spec()).Message);
    }

    [Fact]
    public void Loading_a_missing_file_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"iommusim-missing-{Guid.NewGuid():N}.yaml");
        var e = Assert.Throws<ScenarioException>(() => Scenario.Load(path));
        Assert.StartsWith($"{path}: error: file not found", e.Message);
    }

    [Fact]
    public void Loading_a_file_with_a_wrong_value_names_its_line_and_column()
    {
        string path = Path.Combine(Path.GetTempPath(), $"iommusim-bad-{Guid.NewGuid():N}.yaml");
        // The bad value is on line 3, column 9 (after "  mode: "); lines and columns count from 1.
        File.WriteAllText(path, "name: bad\nhost:\n  mode: stirct\n");
        try
        {
            var e = Assert.Throws<ScenarioException>(() => Scenario.Load(path));
            Assert.Contains(e.Problems, p => p.StartsWith($"{path}:3:9: error: host.mode: unknown value 'stirct'", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_names_its_source_in_the_message()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse("name: x\nrun:\n  seed: x\n", "inline.yaml"));
        Assert.Contains(e.Problems, p => p.StartsWith("inline.yaml:3:9: error: run.seed: 'x' is not a whole number", StringComparison.Ordinal));
    }
}
