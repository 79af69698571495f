using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary>The figures of one latency histogram as CSV fields (nanoseconds); all empty when it has no samples.</summary>
internal readonly record struct LatencyFigures(long Count, string Mean, string P50, string P90, string P99, string P999, string Max)
{
    public static LatencyFigures Of(LatencySummary s)
    {
        if (s.Count == 0) return new LatencyFigures(0, "", "", "", "", "", "");
        return new LatencyFigures(s.Count, CsvNumbers.Nanoseconds(s.Mean),
            CsvNumbers.Nanoseconds(s.P50), CsvNumbers.Nanoseconds(s.P90),
            CsvNumbers.Nanoseconds(s.P99), CsvNumbers.Nanoseconds(s.P999),
            CsvNumbers.Nanoseconds(s.Max));
    }
}
