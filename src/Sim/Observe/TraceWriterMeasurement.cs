namespace IommuSim.Observe;

/// <summary>What <see cref="TraceWriterBenchmark.Measure"/> timed: one run of each trace writer over the same events.</summary>
/// <param name="Events">Events written by each writer.</param>
/// <param name="TextBytes">Bytes of the ftrace text file, header included.</param>
/// <param name="TextWallSeconds">Wall time of writing the text, flush included.</param>
/// <param name="DatBytes">Bytes of the uncompressed version 7 .dat file.</param>
/// <param name="DatWallSeconds">Wall time of writing the .dat, <c>Complete()</c> included.</param>
/// <param name="ZstdBytes">Bytes of the zstd-compressed version 7 .dat file.</param>
/// <param name="ZstdWallSeconds">Wall time of writing the compressed .dat, <c>Complete()</c> included.</param>
public readonly record struct TraceWriterMeasurement(long Events, long TextBytes, double TextWallSeconds, long DatBytes,
    double DatWallSeconds, long ZstdBytes, double ZstdWallSeconds)
{
    /// <summary>Text events per wall second.</summary>
    public double TextEventsPerSecond => Events / TextWallSeconds;

    /// <summary>.dat events per wall second.</summary>
    public double DatEventsPerSecond => Events / DatWallSeconds;

    /// <summary>Compressed .dat events per wall second.</summary>
    public double ZstdEventsPerSecond => Events / ZstdWallSeconds;
}
