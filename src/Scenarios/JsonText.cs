using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IommuSim.Scenarios;

/// <summary>Indented JSON text with "\n" line ends, readable (µs, +, &lt;) rather than \u-escaped.</summary>
internal static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(json);
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n");
    }

    /// <summary>Writes <paramref name="value"/> as <paramref name="name"/>, or null where it is not a finite number (n/a).</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <summary>Writes the <c>warnings</c> array, one string per warning.</summary>
    public static void Warnings(Utf8JsonWriter json, IEnumerable<string> warnings)
    {
        json.WriteStartArray("warnings");
        foreach (var w in warnings) json.WriteStringValue(w);
        json.WriteEndArray();
    }
}
