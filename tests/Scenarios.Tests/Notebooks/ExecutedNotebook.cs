using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// A notebook as nbconvert left it after executing (with <c>--allow-errors</c>, so every cell ran): its outputs by cell,
/// cells numbered from 1 in notebook order (markdown included), as the notebook's own numbering and export's comments.
/// </summary>
internal sealed partial class ExecutedNotebook
{
    private readonly JsonArray _cells;

    public ExecutedNotebook(string path)
    {
        Path = path;
        _cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
    }

    public string Path { get; }

    /// <summary>Every failed cell, as "cell N: ename: evalue" with what the cell printed before (a compiler's errors).</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            for (int i = 0; i < _cells.Count; i++)
            {
                var outputs = Outputs(i);
                var error = outputs.FirstOrDefault(o => (string?)o["output_type"] == "error");
                if (error is null) continue;
                string printed = string.Concat(outputs.Where(o => (string?)o["output_type"] == "stream").Select(o => Text(o["text"]))).Trim();
                string evalue = ((string?)error["evalue"] ?? "").Split('\n')[0];
                // The kernel names every error "Error" and puts the exception's type in the value.
                string ename = (string?)error["ename"] ?? "";
                string what = ename is "" or "Error" ? evalue : $"{ename}: {evalue}";
                failures.Add($"cell {i + 1}: {what}" + (printed.Length > 0 ? $"\n    {printed.Replace("\n", "\n    ", StringComparison.Ordinal)}" : ""));
            }
            return failures;
        }
    }

    /// <summary>Fails the test, naming each failed cell and its error, when any cell failed.</summary>
    public void AssertEveryCellRan()
    {
        var failures = Failures;
        if (failures.Count > 0) Assert.Fail($"{System.IO.Path.GetFileName(Path)}: {failures.Count} cell(s) failed:\n{string.Join("\n", failures)}");
    }

    /// <summary>Everything the code cells printed or displayed as text (stdout, text/plain), in order.</summary>
    public string PrintedText =>
        string.Concat(Enumerable.Range(0, _cells.Count).SelectMany(Outputs).Select(o => (string?)o["output_type"] == "stream"
            ? Text(o["text"])
            : o["data"]?["text/plain"] is { } plain ? Text(plain) + "\n" : ""));

    /// <summary>The decoded bytes of every image/png output.</summary>
    public IReadOnlyList<byte[]> Pngs =>
        [.. Enumerable.Range(0, _cells.Count).SelectMany(Outputs)
            .Select(o => o["data"]?["image/png"]).OfType<JsonNode>().Select(p => Convert.FromBase64String(Text(p).Replace("\n", "", StringComparison.Ordinal)))];

    /// <summary>How many outputs have this MIME type.</summary>
    public int OutputsOf(string mimeType) => Enumerable.Range(0, _cells.Count).SelectMany(Outputs).Count(o => o["data"]?[mimeType] is not null);

    /// <summary>The source of the last markdown cell.</summary>
    public string LastMarkdown => Text(_cells.Last(c => (string?)c!["cell_type"] == "markdown")!["source"]);

    /// <summary>The bold spans (<c>**...**</c>) of <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<string> Bold(string markdown) => [.. BoldSpan().Matches(markdown).Select(m => m.Groups[1].Value.Replace("\n", " ", StringComparison.Ordinal))];

    private List<JsonNode> Outputs(int cell) => _cells[cell]!["outputs"] is JsonArray a ? [.. a.OfType<JsonNode>()] : [];

    // nbformat keeps multi-line strings as arrays of lines or as one string.
    internal static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        null => "",
        _ => (string?)node ?? "",
    };

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline)]
    private static partial Regex BoldSpan();
}
