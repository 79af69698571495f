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
}
