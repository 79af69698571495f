using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Devices.Replay;

/// <summary>
/// What a replay device reruns: a recorded trace file, its format, how fast, and whether it starts over when it ends.
/// Record times count from the trace's first record; <see cref="Speed"/> divides them.
/// </summary>
public sealed record TraceReplayParams : IValidatableSpec
{
    /// <summary>The trace file (relative paths from the scenario file, as the loader resolves other files).</summary>
    [Param("file", "The trace to replay: a CSV of DMA records (format csv) or ftrace text of iommu map and unmap events (format ftrace).",
        Source = "convention: none; a replay needs a recorded trace", Required = true)]
    public string File { get; init; } = "";

    /// <summary>How <see cref="File"/> is written.</summary>
    [Param("format", "csv (a 'time,device,iova,size,direction' header, then rows) or ftrace (the text /sys/kernel/tracing/trace or trace-cmd report prints).",
        Source = "convention: csv, the one format that records device DMAs as well as the driver's mappings")]
    public TraceFormat Format { get; init; } = TraceFormat.Csv;

    /// <summary>Time scaling: the gaps between records are divided by it.</summary>
    [Param("speed", "Replay speed: record times are divided by it, so 2 replays twice as fast and 0.5 at half speed.",
        Source = "convention: 1, the trace's own timing; the bounds keep a scaled trace of a day within a SimTime (about 106 days)",
        Min = 0.01, Max = 1000)]
    public double Speed { get; init; } = 1;

    /// <summary>Whether the trace starts again when it ends.</summary>
    [Param("loop", "When the trace ends, start it again, shifted by its length, until the run ends; otherwise the device falls silent.",
        Source = "convention: false, every record replayed once as recorded")]
    public bool Loop { get; init; }

    /// <summary>
    /// When a record <paramref name="sinceFirst"/> after the trace's first record is replayed, after the first one:
    /// divided by <see cref="Speed"/>, rounded to the nearest picosecond (exact at speed 1).
    /// </summary>
    /// <exception cref="OverflowException">The scaled time is beyond a SimTime.</exception>
    public SimTime ScaledOffset(SimTime sinceFirst)
    {
        if (Speed == 1) return sinceFirst;
        decimal ps = decimal.Round(sinceFirst.Picoseconds / (decimal)Speed, MidpointRounding.AwayFromZero);
        return SimTime.FromPicoseconds(decimal.ToInt64(ps));
    }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (string.IsNullOrWhiteSpace(File))
            yield return new SpecProblem("file", "a replay needs file, the trace to replay");
        if (!(Speed > 0) || double.IsInfinity(Speed))
            yield return new SpecProblem("speed", $"speed {Speed} must be positive and finite (2 replays twice as fast)");
    }
}
