using System.Text.Json;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// <c>iommusim run --json</c>: the summary for scripts. Figures as in the table, unrounded; latencies in
/// nanoseconds; null where there is no value (NaN). Keys are snake_case like the CSV columns.
/// </summary>
internal static class JsonSummary
{
    public static string Generate(string scenarioName, string source, string outputDirectory, IReadOnlyList<string> files,
        IReadOnlyList<VariantSummary> variants, IReadOnlyList<string> warnings)
    {
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("scenario", scenarioName);
            json.WriteString("file", source);
            json.WriteString("output_directory", outputDirectory);
            json.WriteStartArray("files");
            foreach (var f in files) json.WriteStringValue(f);
            json.WriteEndArray();
            json.WriteStartArray("variants");
            foreach (var v in variants)
            {
                json.WriteStartObject();
                json.WriteString("variant", v.Variant);
                json.WriteNumber("replications", v.Replications);
                JsonText.Number(json, "offered_gbps", v.OfferedGbps);
                JsonText.Number(json, "achieved_gbps", v.AchievedGbps);
                JsonText.Number(json, "achieved_gbps_ci95", v.AchievedGbpsHalfWidth);
                JsonText.Number(json, "iotlb_hit_rate", v.IotlbHitRate);
                JsonText.Number(json, "iotlb_hit_rate_ci95", v.IotlbHitRateHalfWidth);
                JsonText.Number(json, "page_walks", v.PageWalks);
                JsonText.Number(json, "io_page_faults", v.IoPageFaults);
                JsonText.Number(json, "interrupts", v.Interrupts);
                JsonText.Number(json, "cpu_util", v.CpuUtil);
                JsonText.Number(json, "cpu_busy", v.CpuBusy);
                JsonText.Number(json, "cpu_util_max", v.CpuMax);
                JsonText.Number(json, "lat_mean_ns", v.LatMeanPs / 1000);
                JsonText.Number(json, "lat_mean_ns_ci95", v.LatMeanHalfWidthPs / 1000);
                JsonText.Number(json, "lat_p50_ns", v.LatP50Ps / 1000);
                JsonText.Number(json, "lat_p99_ns", v.LatP99Ps / 1000);
                JsonText.Number(json, "lat_p99_ns_ci95", v.LatP99HalfWidthPs / 1000);
                JsonText.Number(json, "lat_p999_ns", v.LatP999Ps / 1000);
                JsonText.Number(json, "lat_max_ns", v.LatMaxPs / 1000);
                json.WriteStartArray("devices");
                foreach (var d in v.Devices)
                {
                    json.WriteStartObject();
                    json.WriteString("device", d.Device);
                    JsonText.Number(json, "offered_gbps", d.OfferedGbps);
                    JsonText.Number(json, "achieved_gbps", d.AchievedGbps);
                    JsonText.Number(json, "achieved_gbps_ci95", d.AchievedGbpsHalfWidth);
                    JsonText.Number(json, "iotlb_hit_rate", d.IotlbHitRate);
                    JsonText.Number(json, "cpu_util", d.CpuUtil);
                    JsonText.Number(json, "lat_mean_ns", d.LatMeanPs / 1000);
                    JsonText.Number(json, "lat_p99_ns", d.LatP99Ps / 1000);
                    JsonText.Number(json, "interrupt_mean_ns", d.InterruptMeanPs / 1000);
                    JsonText.Number(json, "completion_mean_ns", d.CompletionMeanPs / 1000);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            JsonText.Warnings(json, warnings);
            json.WriteEndObject();
        });
    }
}
