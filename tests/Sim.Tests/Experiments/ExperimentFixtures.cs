using System.Globalization;
using IommuSim.Experiments;
using IommuSim.Model.Spec;
using IommuSim.Scenarios.Metadata;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Tests.Experiments;

/// <summary>Small scenarios for the experiments API's tests, and a way to compare bound specs key by key.</summary>
internal static class ExperimentFixtures
{
    /// <summary>
    /// A 10 Gbps stream of 4 KiB writes over 256 buffers, 2 ms measured after 0.5 ms: 10e9 / (4096 * 8) = 305 DMAs per
    /// ms, about 610 per replication; enough for every figure, short enough for a test.
    /// </summary>
    public const string ShortStreamYaml = """
        name: short
        run:
          duration: 2ms
          warmup: 500us
          seed: 7
          replications: 3
        devices:
          - name: nic0
            type: dma-stream
            rate: 10Gbps
            size: 4KiB
            buffers: 256
            buffer_size: 4KiB
            access: uniform
        """;

    /// <summary>The same scenario as <see cref="ShortStreamYaml"/>, built call by call.</summary>
    public static Scenario ShortStream() =>
        Scenario.New("short")
            .With("run.duration", "2ms").With("run.warmup", "500us").With("run.seed", 7).With("run.replications", 3)
            .WithDevice("nic0", "dma-stream", ("rate", "10Gbps"), ("size", "4KiB"), ("buffers", 256), ("buffer_size", "4KiB"), ("access", "uniform"));

    /// <summary>
    /// Every key of <paramref name="spec"/> as scenario.resolved.yaml writes it: two specs bound alike give the same
    /// text, whatever the lists inside them (records compare lists by reference).
    /// </summary>
    public static string Resolved(ScenarioSpec spec)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        new SpecYamlEmitter(emitter).Value(spec, SpecTypes.Of(typeof(ScenarioSpec)));
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }
}
