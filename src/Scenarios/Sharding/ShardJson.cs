using System.Text.Json;
using System.Text.Json.Serialization;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// How a shard's files are written and read: System.Text.Json, snake_case keys, every number exactly (doubles round-trip,
/// NaN and infinities as names), histograms by their exact state, times as picoseconds, tuples by their fields. What
/// is read back is what was written, so merged outputs are the single run's bytes.
/// </summary>
internal static class ShardJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = true,
        WriteIndented = false,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new HistogramConverter(), new SimTimeConverter() },
    };

    /// <summary>The manifest's layout: the same, indented, for a reader's eyes.</summary>
    public static readonly JsonSerializerOptions Manifest = new(Options) { WriteIndented = true };

    private sealed class SimTimeConverter : JsonConverter<SimTime>
    {
        public override SimTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, SimTime value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Picoseconds);
    }

    // {"count":N,"sum":"S","min":A,"max":B,"buckets":[i,...],"counts":[c,...]}: the sum as text, an Int128.
    private sealed class HistogramConverter : JsonConverter<LogLinearHistogram>
    {
        private sealed record Wire(long Count, string Sum, long Min, long Max, IReadOnlyList<int> Buckets, IReadOnlyList<long> Counts);

        public override LogLinearHistogram Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var wire = JsonSerializer.Deserialize<Wire>(ref reader, options) ?? throw new JsonException("a histogram is null");
            if (!Int128.TryParse(wire.Sum, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var sum))
                throw new JsonException($"a histogram's sum '{wire.Sum}' is not a whole number");
            try
            {
                return LogLinearHistogram.FromState(new LogLinearHistogramState(wire.Count, sum, wire.Min, wire.Max, wire.Buckets ?? [], wire.Counts ?? []));
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, LogLinearHistogram value, JsonSerializerOptions options)
        {
            var s = value.State();
            JsonSerializer.Serialize(writer, new Wire(s.Count, s.Sum.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Min, s.Max, s.Buckets, s.Counts), options);
        }
    }
}
