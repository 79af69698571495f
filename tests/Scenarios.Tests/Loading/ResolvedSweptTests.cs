namespace IommuSim.Scenarios.Tests.Loading;

/// <summary>The root key <c>swept</c> that resolved files write: what it must be, at its line and column.</summary>
public sealed class ResolvedSweptTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Scenario = "run: { duration: 1ms, warmup: 0ms }\ndevices:\n  - { name: d, type: dma-stream, rate: 1Gbps, size: 1KiB, buffers: 4, buffer_size: 4KiB }\n";

    private (int Exit, string Err) Validate(string more)
    {
        var (exit, _, err) = CliRunner.Run("validate", _dir.Write("s.yaml", Scenario + more));
        return (exit, err);
    }

    [Fact]
    public void Swept_values_label_a_resolved_files_variants()
    {
        Assert.Equal(0, Validate("swept:\n  base:\n    devices.d.size: 1KiB\n").Exit);
    }

    [Theory]
    [InlineData("swept:\n  other:\n    devices.d.size: 1KiB\n", "s.yaml:5:3: error: swept: the file has no variant 'other'; expected one of its variants' names")]
    [InlineData("swept: [1, 2]\n", "s.yaml:4:8: error: swept: found a list; expected a mapping of variant names to {path: value}")]
    [InlineData("swept:\n  base: 3\n", "s.yaml:5:9: error: swept.base: found the value '3'; expected a mapping of swept paths to values")]
    [InlineData("swept:\n  base:\n    devices.d.size: [1KiB]\n", "s.yaml:6:21: error: swept.base.devices.d.size: found a list; expected the value the sweep gave it")]
    [InlineData("sweep:\n  devices.d.size: [1KiB]\nswept:\n  base: {}\n", "s.yaml:6:1: error: swept is written by resolved files, which have no sweep; expected one of the two")]
    public void A_malformed_swept_key_is_refused_at_its_place(string more, string message)
    {
        var (exit, err) = Validate(more);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }
}
