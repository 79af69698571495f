using IommuSim.Kernel.Statistics;

namespace IommuSim.Scenarios.Outputs;

/// <summary>The figures of one latency histogram as CSV fields (nanoseconds); all empty when it has no samples.</summary>
internal readonly record struct LatencyFigures(long Count, string Mean, string P50, string P90, string P99, string P999, string Max)
{
    public static LatencyFigures Of(LogLinearHistogram h)
    {
        if (h.Count == 0) return new LatencyFigures(0, "", "", "", "", "", "");
        return new LatencyFigures(h.Count, CsvNumbers.Nanoseconds(h.Mean),
            CsvNumbers.Nanoseconds(h.Percentile(0.5)), CsvNumbers.Nanoseconds(h.Percentile(0.9)),
            CsvNumbers.Nanoseconds(h.Percentile(0.99)), CsvNumbers.Nanoseconds(h.Percentile(0.999)),
            CsvNumbers.Nanoseconds(h.Max));
    }
}
