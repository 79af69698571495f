using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Tests.Loading;

/// <summary>Loads scenario text as the CLI would, for assertions on the outcome.</summary>
internal static class Load
{
    public const string Source = "test.yaml";

    public static LoadOutcome Text(string yaml, params string[] sets) => ScenarioLoader.LoadText(yaml, Source, sets, null);

    /// <summary>Loads text that must be valid and returns the variants.</summary>
    public static IReadOnlyList<ScenarioVariant> Valid(string yaml, params string[] sets)
    {
        var outcome = Text(yaml, sets);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        return outcome.Scenario!.Variants;
    }

    /// <summary>The problems of text that must be invalid, as printed.</summary>
    public static IReadOnlyList<string> Problems(string yaml, params string[] sets)
    {
        var outcome = Text(yaml, sets);
        Assert.False(outcome.Ok);
        return outcome.Problems.Select(p => p.ToString()).ToList();
    }

    /// <summary>A minimal valid scenario with one device, to build on.</summary>
    public const string Minimal = """
        devices:
          - name: nic0
            type: dma-stream
            rate: 10Gbps
            size: 4KiB
            buffers: 64
            buffer_size: 4KiB
        """;
}
