using System.Text.Json;
using System.Text.Json.Nodes;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>Small nbformat-4.5 notebooks of markdown and code cells, written by tests to export.</summary>
internal static class NotebookFixture
{
    public static JsonObject Code(string source, params string[] tags) => Cell("code", source, tags);

    public static JsonObject Markdown(string source) => Cell("markdown", source);

    public static JsonObject Cell(string type, JsonNode? source, params string[] tags)
    {
        var metadata = new JsonObject();
        if (tags.Length > 0) metadata["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        var cell = new JsonObject { ["cell_type"] = type, ["id"] = Guid.NewGuid().ToString("N")[..8], ["metadata"] = metadata, ["source"] = source };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        return cell;
    }

    /// <summary>A notebook on the .net-csharp kernel holding <paramref name="cells"/>.</summary>
    public static JsonObject Document(params JsonObject[] cells) => new()
    {
        ["cells"] = new JsonArray([.. cells]),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "C#" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    };

    /// <summary>Writes <paramref name="notebook"/> to <paramref name="path"/> (creating its directory) and returns the path.</summary>
    public static string Write(string path, JsonObject notebook)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
