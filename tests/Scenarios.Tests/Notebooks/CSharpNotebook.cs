using System.Text.Json;
using System.Text.Json.Nodes;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// An nbformat-4 notebook of C# code cells on the .net-csharp kernel, written into a test's directory together with
/// the repository's tool manifest: the kernelspec starts `dotnet interactive`, a local tool, which dotnet finds from the
/// kernel's working directory (the notebook's) upwards, as it does for notebooks/ inside the repository.
/// </summary>
internal static class CSharpNotebook
{
    public static string Write(TempDirectory dir, string name, params string[] cells)
    {
        Directory.CreateDirectory(dir[".config"]);
        File.Copy(RepositoryFiles.Path(".config/dotnet-tools.json"), System.IO.Path.Combine(dir[".config"], "dotnet-tools.json"));
        var cellArray = new JsonArray();
        for (int i = 0; i < cells.Length; i++)
            cellArray.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["id"] = $"cell-{i}", // nbformat 4.5 requires cell ids; nbconvert warns without them
                ["metadata"] = new JsonObject(),
                ["outputs"] = new JsonArray(),
                ["source"] = cells[i],
            });
        var notebook = new JsonObject
        {
            ["cells"] = cellArray,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = Jupyter.CSharpKernel },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return dir.Write(name, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The text a cell of an executed notebook wrote to stdout, its stream outputs joined.</summary>
    public static string Stdout(string executedNotebook, int cell)
    {
        var outputs = JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]![cell]!["outputs"]!.AsArray();
        var text = new System.Text.StringBuilder();
        foreach (var o in outputs)
        {
            if ((string?)o!["output_type"] != "stream" || (string?)o["name"] != "stdout") continue;
            var t = o["text"]!;
            if (t is JsonArray lines) foreach (var l in lines) text.Append((string?)l);
            else text.Append((string?)t);
        }
        return text.ToString();
    }
}
