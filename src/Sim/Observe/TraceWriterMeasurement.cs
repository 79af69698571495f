namespace IommuSim.Observe;

/// <summary>What <see cref="TraceWriterBenchmark.Measure"/> timed: one run of each trace writer over the same events.</summary>
/// <param name="Events">Events written by each writer.</param>
/// <param name="TextBytes">Bytes of the ftrace text file, header included.</param>
/// <param name="TextWallSeconds">Wall time of writing the text, flush included.</param>
/// <param name="DatBytes">Bytes of the uncompressed version 7 .dat file.</param>
/// <param name="DatWallSeconds">Wall time of writing the .dat, <c>Complete()</c> included.</param>
/// <param name="ZstdBytes">Bytes of the zstd-compressed version 7 .dat file.</param>
/// <param name="ZstdWallSeconds">Wall time of writing the compressed .dat, <c>Complete()</c> included.</param>
/// <param name="TextCpuSeconds">The process's CPU time over the text run: on a shared machine wall time also counts
/// time spent descheduled.</param>
/// <param name="DatCpuSeconds">The process's CPU time over the .dat run.</param>
/// <param name="ZstdCpuSeconds">The process's CPU time over the compressed .dat run.</param>
public readonly record struct TraceWriterMeasurement(long Events, long TextBytes, double TextWallSeconds, long DatBytes,
    double DatWallSeconds, long ZstdBytes, double ZstdWallSeconds, double TextCpuSeconds, double DatCpuSeconds,
    double ZstdCpuSeconds)
{
    /// <summary>Text events per wall second.</summary>
    public double TextEventsPerSecond => Events / TextWallSeconds;

    /// <summary>.dat events per wall second.</summary>
    public double DatEventsPerSecond => Events / DatWallSeconds;

    /// <summary>Compressed .dat events per wall second.</summary>
    public double ZstdEventsPerSecond => Events / ZstdWallSeconds;
}
