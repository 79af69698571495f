using System.Text.Json;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// <c>iommusim compare --json</c>: the comparison for scripts. Figures unrounded (latencies in ns, ratios 0..1), the
/// change as a ratio, the test's p-value; null where there is no value (NaN, or no test: <c>"significant": null</c>).
/// </summary>
internal static class JsonComparison
{
    public static string Generate(IReadOnlyList<string> files, IReadOnlyList<VariantComparison> variants, IReadOnlyList<string> warnings)
    {
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("files");
            foreach (var f in files) json.WriteStringValue(f);
            json.WriteEndArray();
            json.WriteString("baseline", variants.First(v => v.IsBaseline).Label);
            json.WriteNumber("alpha", FigureComparison.Alpha);
            json.WriteStartArray("variants");
            foreach (var v in variants)
            {
                json.WriteStartObject();
                json.WriteString("variant", v.Label);
                json.WriteNumber("replications", v.Replications);
                json.WriteBoolean("baseline", v.IsBaseline);
                json.WriteStartArray("figures");
                foreach (var f in v.Figures)
                {
                    json.WriteStartObject();
                    json.WriteString("figure", f.Figure.Key);
                    JsonText.Number(json, "mean", f.Mean);
                    JsonText.Number(json, "ci95", f.HalfWidth);
                    JsonText.Number(json, "change", f.Change);
                    if (f.Significant is { } s) json.WriteBoolean("significant", s);
                    else json.WriteNull("significant");
                    JsonText.Number(json, "p_value", f.Test?.PValue ?? double.NaN);
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
