using System.Text.Json;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Outputs;

namespace IommuSim.Scenarios.Notebooks;

/// <summary>
/// Reads an nbformat-4 notebook of the .NET Interactive C# kernel: its cells' kinds, sources and
/// <c>notebook-only</c> tags, nothing else (outputs and other metadata are the kernel's). Anything else is a
/// <see cref="NotebookException"/> naming the file.
/// </summary>
internal static class NotebookReader
{
    /// <summary>Reads the notebook at <paramref name="path"/>.</summary>
    /// <exception cref="NotebookException">It cannot be read, is not JSON, not nbformat 4, not for the C# kernel, or a cell is malformed.</exception>
    public static Notebook Read(string path)
    {
        string shown = Shown(path);
        string text;
        try
        {
            if (Directory.Exists(path)) throw new NotebookException($"{shown}: error: is a directory; expected a notebook file (.ipynb)");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new NotebookException($"{shown}: error: cannot be read ({IoReason.Of(e)})");
        }
        return Parse(text, path);
    }

    /// <summary>Reads notebook JSON <paramref name="text"/>; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="NotebookException">It is not JSON, not nbformat 4, not for the C# kernel, or a cell is malformed.</exception>
    public static Notebook Parse(string text, string path)
    {
        string shown = Shown(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            // Line and byte position are 0-based; editors count from 1.
            throw new NotebookException($"{shown}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: error: not JSON ({Reason(e)})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Fail(shown, $"the JSON is {Describe(root)}; expected a notebook object");
            if (!root.TryGetProperty("nbformat", out var format) || format.ValueKind != JsonValueKind.Number
                || !format.TryGetInt32(out int major) || major != 4)
                throw Fail(shown, $"nbformat is {(root.TryGetProperty("nbformat", out var f) ? Quote(f) : "missing")}; expected nbformat 4");
            CheckKernel(root, shown);
            if (!root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                throw Fail(shown, "no cells array; expected \"cells\": [...]");
            if (cells.GetArrayLength() == 0) throw Fail(shown, "no cells; expected at least one");
            var read = new List<NotebookCell>(cells.GetArrayLength());
            foreach (var cell in cells.EnumerateArray()) read.Add(Cell(cell, read.Count + 1, shown));
            return new Notebook(path, read);
        }
    }

    private static void CheckKernel(JsonElement root, string shown)
    {
        string? kernel = null;
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("kernelspec", out var spec) && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            kernel = name.GetString();
        if (kernel != Notebook.CSharpKernel)
            throw Fail(shown, $"the kernelspec is {(kernel is null ? "missing" : "'" + Excerpt.Of(kernel) + "'")}; " +
                              $"expected metadata.kernelspec.name {Notebook.CSharpKernel} (the .NET Interactive C# kernel)");
    }

    private static NotebookCell Cell(JsonElement cell, int number, string shown)
    {
        string where = $"{shown}: cell {number}";
        if (cell.ValueKind != JsonValueKind.Object) throw new NotebookException($"{where}: error: the cell is {Describe(cell)}; expected an object");
        string? type = cell.TryGetProperty("cell_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var kind = type switch
        {
            "code" => NotebookCellKind.Code,
            "markdown" => NotebookCellKind.Markdown,
            "raw" => NotebookCellKind.Raw,
            _ => throw new NotebookException($"{where}: error: cell_type is {(type is null ? "missing" : "'" + Excerpt.Of(type) + "'")}; expected code, markdown or raw"),
        };
        return new NotebookCell(number, kind, Lines(Source(cell, where)), Tags(cell, where).Contains(NotebookCell.NotebookOnlyTag));
    }

    // nbformat allows a string or a list of strings (each line with its "\n"), joined as they are.
    private static string Source(JsonElement cell, string where)
    {
        if (!cell.TryGetProperty("source", out var source)) throw new NotebookException($"{where}: error: no source; expected a string or an array of strings");
        if (source.ValueKind == JsonValueKind.String) return source.GetString()!;
        if (source.ValueKind != JsonValueKind.Array) throw new NotebookException($"{where}: error: source is {Describe(source)}; expected a string or an array of strings");
        var joined = new System.Text.StringBuilder();
        foreach (var part in source.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.String)
                throw new NotebookException($"{where}: error: source holds {Describe(part)}; expected a string or an array of strings");
            joined.Append(part.GetString());
        }
        return joined.ToString();
    }

    private static List<string> Tags(JsonElement cell, string where)
    {
        var tags = new List<string>();
        if (!cell.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("tags", out var array)) return tags;
        if (array.ValueKind != JsonValueKind.Array) throw new NotebookException($"{where}: error: metadata.tags is {Describe(array)}; expected an array of strings");
        foreach (var tag in array.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.String) throw new NotebookException($"{where}: error: metadata.tags holds {Describe(tag)}; expected an array of strings");
            tags.Add(tag.GetString()!);
        }
        return tags;
    }

    // Lines as the kernel sees them: \r\n, \n and \r all end one.
    private static string[] Lines(string source) =>
        source.Length == 0 ? [] : source.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd('\n').Split('\n');

    private static NotebookException Fail(string shown, string message) => new($"{shown}: error: {message}");

    // Escaped, and shortened by its ends when long, as the other commands name paths.
    internal static string Shown(string path) => path.Length == 0 ? "\"\"" : Excerpt.Printable(Excerpt.OfPath(path));

    private static string Quote(JsonElement value) => Excerpt.Of(value.GetRawText());

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 0."; the message gives them already.
    private static string Reason(JsonException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return Excerpt.Of((cut >= 0 ? message[..cut] : message).TrimEnd('.', ' '));
    }
}
