using System.Text.Json.Nodes;
using static IommuSim.Scenarios.Tests.Notebooks.NotebookFixture;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary><c>iommusim notebook export</c> on small notebooks: the app's exact text, cells left out or kept, and every refusal.</summary>
public sealed class NotebookExportTests
{
    // The end of every app, as the task's conventions define display(): written out here, not taken from the exporter.
    private const string DisplayFunctions = """

        // The notebook's display(): charts as HTML pages, tables as CSV, anything else printed.
        void display(object? value)
        {
            if (value is IommuSim.Reporting.Chart chart) exportFile(chart.Id, ".html", IommuSim.Reporting.ChartImages.ToHtml(chart));
            else if (value is IommuSim.Experiments.IResultTable table) exportFile(table.Name, ".csv", table.ToCsv());
            else Console.WriteLine(value);
        }

        // A name written twice in one run gets -2, -3, ...: each display call keeps its own file.
        void exportFile(string name, string extension, string text)
        {
            string file = name + extension;
            for (int n = 2; !exportedFiles.Add(file); n++) file = $"{name}-{n}{extension}";
            File.WriteAllText(Path.Combine(exportDirectory, file), text);
            Console.WriteLine($"wrote {Path.Combine(exportPath, file)}");
        }

        """;

    [Fact]
    public void A_two_cell_notebook_exports_to_the_app_written_by_hand_at_the_default_path()
    {
        using var dir = new TempDirectory();
        var notebook = Write(dir["notebooks/02-two.ipynb"], Document(
            Markdown("# Two cells\n\nOne *markdown* cell, one code cell."),
            Code("using IommuSim.Experiments;\nusing static System.Math;\n\nvar x = Max(1, 2);\ndisplay(x);\n")));

        var (exit, stdout, stderr) = CliRunner.Run("notebook", "export", notebook);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        string app = Path.Combine(dir.Path, "notebooks", "apps", "02-two.cs");
        Assert.Equal($"wrote {app}\n", stdout);
        const string expected = """
            // 02-two.cs: the experiment of notebooks/02-two.ipynb as a .NET 10 file-based app, written by
            // `iommusim notebook export notebooks/02-two.ipynb`; change the notebook and export again rather than this file.
            // Run from anywhere: dotnet run notebooks/apps/02-two.cs [-- OUTPUT_DIRECTORY]   (default: out/02-two)
            // Where the notebook displays a chart this writes CHART_ID.html; a table, TABLE_NAME.csv; anything else it prints.
            #:project ../../src/Sim/Sim.csproj
            using IommuSim.Experiments;
            using static System.Math;

            var exportPath = args.Length > 0 ? args[0] : Path.Combine("out", "02-two");
            var exportDirectory = Path.GetFullPath(exportPath);
            Directory.CreateDirectory(exportDirectory);
            var exportedFiles = new HashSet<string>();
            // The notebook's relative paths are from notebooks/, where the kernel runs it.
            Directory.SetCurrentDirectory(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string
                ?? throw new InvalidOperationException("run this app with dotnet run FILE.cs"), ".."));

            // Cell 1 (markdown)
            // # Two cells
            //
            // One *markdown* cell, one code cell.

            // Cell 2
            var x = Max(1, 2);
            display(x);

            """;
        Assert.Equal(expected + DisplayFunctions, File.ReadAllText(app));
        Assert.Equal(["02-two.ipynb", "apps", Path.Combine("apps", "02-two.cs")], Entries(dir["notebooks"]));
    }

    [Fact]
    public void Cells_tagged_notebook_only_are_left_out_and_the_others_keep_their_notebook_numbers()
    {
        using var dir = new TempDirectory();
        var notebook = Write(dir["nb/tags.ipynb"], Document(
            Markdown("Set-up first."),
            Code("#r \"nuget: ScottPlot, 5.1.59\"\n#r \"../src/Sim/bin/Release/net10.0/IommuSim.dll\"\nusing Microsoft.DotNet.Interactive.Formatting;\n" +
                 "Formatter.Register<IommuSim.Reporting.Chart>((c, w) => w.Write(\"\"), \"image/png\");", "parameters", NotebookOnlyTag),
            Code("var a = 1;", "parameters"),
            Markdown("Then the work."),
            Code("display(a);")));

        var (exit, _, stderr) = CliRunner.Run("notebook", "export", notebook);

        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(dir["nb/apps/tags.cs"]);
        Assert.Equal(["// Cell 1 (markdown)", "// Cell 3", "// Cell 4 (markdown)", "// Cell 5"], lines.Where(l => l.StartsWith("// Cell ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("#r", StringComparison.Ordinal) || l.Contains("Formatter", StringComparison.Ordinal));
        Assert.Equal("var a = 1;", lines[Array.IndexOf(lines, "// Cell 3") + 1]);
        Assert.Equal("display(a);", lines[Array.IndexOf(lines, "// Cell 5") + 1]);
    }

    [Fact]
    public void Using_directives_at_the_start_of_cells_go_to_the_top_once_each_in_order_of_first_appearance()
    {
        using var dir = new TempDirectory();
        var notebook = Write(dir["nb/usings.ipynb"], Document(
            Code("// What the cell needs:\nusing IommuSim.Experiments;\nusing System.Text;\n\nvar b = new StringBuilder();"),
            Code("using IommuSim.Reporting;\nusing System.Text;\nusing Ms = System.IO.MemoryStream;\nusing static System.Math;\n" +
                 "using var stream = new Ms();\nusing (var other = new Ms()) { }\nusing System.Linq;")));

        Assert.Equal(0, CliRunner.Run("notebook", "export", notebook).Exit);

        var lines = File.ReadAllLines(dir["nb/apps/usings.cs"]);
        int first = Array.IndexOf(lines, "#:project ../../src/Sim/Sim.csproj") + 1;
        Assert.Equal(["using IommuSim.Experiments;", "using System.Text;", "using IommuSim.Reporting;", "using Ms = System.IO.MemoryStream;",
            "using static System.Math;", ""], lines[first..(first + 6)]);
        // Statements stay in their cells, and so does a using line after code (the kernel would refuse it there too).
        int cell2 = Array.IndexOf(lines, "// Cell 2");
        Assert.Equal(["// Cell 2", "using var stream = new Ms();", "using (var other = new Ms()) { }", "using System.Linq;", ""], lines[cell2..(cell2 + 5)]);
        int cell1 = Array.IndexOf(lines, "// Cell 1");
        Assert.Equal(["// Cell 1", "// What the cell needs:", "", "var b = new StringBuilder();", ""], lines[cell1..(cell1 + 5)]);
    }

    [Fact]
    public void Markdown_and_raw_cells_become_comment_lines_whatever_their_line_breaks()
    {
        using var dir = new TempDirectory();
        var notebook = Write(dir["nb/prose.ipynb"], Document(
            Cell("markdown", new JsonArray("## Title\r\n", "\n", "text\u2028*/ Console.WriteLine(1);   ")),
            Cell("raw", "raw text"),
            Code("#region setup\n#if DEBUG\n#endif\n#endregion")));

        Assert.Equal(0, CliRunner.Run("notebook", "export", notebook).Exit);

        var lines = File.ReadAllLines(dir["nb/apps/prose.cs"]);
        int start = Array.IndexOf(lines, "// Cell 1 (markdown)");
        // U+2028 ends a // comment in C#: the text after it must be a comment line of its own, not code.
        Assert.Equal(["// Cell 1 (markdown)", "// ## Title", "//", "// text", "// */ Console.WriteLine(1);", "", "// Cell 2 (raw)", "// raw text", "",
            "// Cell 3", "#region setup", "#if DEBUG", "#endif", "#endregion"], lines[start..(start + 14)]);
    }

    public static TheoryData<string, string, string> BadNotebooks => new()
    {
        { "not JSON", "{\n  \"cells\": x\n}", ":2:12: error: not JSON" },
        { "JSON, not an object", "[1, 2]", ": error: the JSON is an array; expected a notebook object" },
        { "nbformat 3", Text(Document(Code("1")), n => n["nbformat"] = 3), ": error: nbformat is 3; expected nbformat 4" },
        { "no nbformat", Text(Document(Code("1")), n => n.Remove("nbformat")), ": error: nbformat is missing; expected nbformat 4" },
        { "python kernel", Text(Document(Code("1")), n => n["metadata"]!["kernelspec"]!["name"] = "python3"), ": error: the kernelspec is 'python3'; expected metadata.kernelspec.name .net-csharp" },
        { "no kernelspec", Text(Document(Code("1")), n => n["metadata"]!.AsObject().Remove("kernelspec")), ": error: the kernelspec is missing" },
        { "no cells", Text(Document()), ": error: no cells; expected at least one" },
        { "cells not an array", Text(Document(), n => n["cells"] = "x"), ": error: no cells array" },
        { "source a number", Text(Document(Markdown("a"), Cell("code", 42))), ": cell 2: error: source is a number; expected a string or an array of strings" },
        { "source holds a number", Text(Document(Cell("code", new JsonArray("a\n", 1)))), ": cell 1: error: source holds a number; expected a string or an array of strings" },
        { "no source", Text(Document(Code("1")), n => n["cells"]![0]!.AsObject().Remove("source")), ": cell 1: error: no source" },
        { "unknown cell type", Text(Document(Cell("heading", "x"))), ": cell 1: error: cell_type is 'heading'; expected code, markdown or raw" },
        { "#r outside notebook-only", Text(Document(Markdown("m"), Code("var a = 1;\n  #r \"x.dll\""))),
            ": cell 2: error: a kernel directive ('#r \"x.dll\"') in a cell the app runs; expected #r, #i and #! lines only in a cell tagged notebook-only" },
        { "#i outside notebook-only", Text(Document(Code("#i \"nuget: https://example.org/v3/index.json\"", "other"))), ": cell 1: error: a kernel directive ('#i \"nuget:" },
        { "#! outside notebook-only", Text(Document(Code("#!time\nvar a = 1;"))), ": cell 1: error: a kernel directive ('#!time')" },
    };

    [Theory]
    [MemberData(nameof(BadNotebooks))]
    public void A_bad_notebook_exits_2_naming_the_file_and_writes_nothing(string why, string text, string message)
    {
        using var dir = new TempDirectory();
        string notebook = dir.Write("bad.ipynb", text);

        var (exit, stdout, stderr) = CliRunner.Run("notebook", "export", notebook);

        Assert.True(exit == 2, $"{why}: exit {exit}, {stderr}");
        Assert.Equal("", stdout);
        Assert.StartsWith(notebook + message, stderr);
        Assert.EndsWith("; nothing was written\n", stderr);
        Assert.Equal(["bad.ipynb"], dir.Entries());
    }

    [Fact]
    public void A_missing_notebook_exits_2_naming_it()
    {
        using var dir = new TempDirectory();

        var (exit, stdout, stderr) = CliRunner.Run("notebook", "export", dir["absent.ipynb"]);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"{dir["absent.ipynb"]}: error: cannot be read (no such file or directory); nothing was written\n", stderr);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_directory_given_as_the_notebook_exits_2_naming_it()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["nb.ipynb"]);

        var (exit, stdout, stderr) = CliRunner.Run("notebook", "export", dir["nb.ipynb"]);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"{dir["nb.ipynb"]}: error: is a directory; expected a notebook file (.ipynb); nothing was written\n", stderr);
        Assert.Equal(["nb.ipynb"], dir.Entries());
    }

    [Fact]
    public void A_notebook_name_that_cannot_name_an_app_exits_2()
    {
        using var dir = new TempDirectory();
        string notebook = Write(dir["my \"book\".ipynb"], Document(Code("var a = 1;")));

        var (exit, _, stderr) = CliRunner.Run("notebook", "export", notebook);

        Assert.Equal(2, exit);
        Assert.Contains("cannot name an app; expected letters, digits, '-', '_' and '.' only", stderr);
        Assert.Equal(["my \"book\".ipynb"], dir.Entries());
    }

    [Fact]
    public void A_file_the_export_did_not_write_is_kept_unless_forced()
    {
        using var dir = new TempDirectory();
        string notebook = Write(dir["nb/keep.ipynb"], Document(Code("var a = 1;")));
        string own = dir.Write("own.cs", "// my own program\nConsole.WriteLine(1);\n");

        var refused = CliRunner.Run("notebook", "export", notebook, "--out", own);

        Assert.Equal(2, refused.Exit);
        Assert.Equal($"--out {own}: error: the file exists and is not an app written by iommusim notebook export; --force overwrites it; nothing was written\n", refused.Err);
        Assert.Equal("// my own program\nConsole.WriteLine(1);\n", File.ReadAllText(own));

        var forced = CliRunner.Run("notebook", "export", notebook, "--out", own, "--force");

        Assert.Equal(0, forced.Exit);
        Assert.Equal($"wrote {own}\n", forced.Out);
        Assert.StartsWith("// keep.cs: the experiment of nb/keep.ipynb as a .NET 10 file-based app, written by\n", File.ReadAllText(own));
        Assert.Equal(["nb", Path.Combine("nb", "keep.ipynb"), "own.cs"], dir.Entries()); // no temporary file left
    }

    [Fact]
    public void An_app_the_export_wrote_is_replaced_without_force_and_out_gets_the_same_bytes_as_the_default_place()
    {
        using var dir = new TempDirectory();
        string notebook = Write(dir["nb/again.ipynb"], Document(Code("var a = 1;")));
        Assert.Equal(0, CliRunner.Run("notebook", "export", notebook).Exit);
        Write(notebook, Document(Code("var a = 2;")));

        Assert.Equal(0, CliRunner.Run("notebook", "export", notebook).Exit);
        Assert.Equal(0, CliRunner.Run("notebook", "export", notebook, "--out", dir["elsewhere/again.cs"]).Exit);

        string app = File.ReadAllText(dir["nb/apps/again.cs"]);
        Assert.Contains("\nvar a = 2;\n", app);
        Assert.DoesNotContain("var a = 1;", app);
        Assert.Equal(app, File.ReadAllText(dir["elsewhere/again.cs"]));
    }

    [Fact]
    public void An_out_that_is_a_directory_exits_2()
    {
        using var dir = new TempDirectory();
        string notebook = Write(dir["nb/d.ipynb"], Document(Code("var a = 1;")));
        Directory.CreateDirectory(dir["target"]);

        var (exit, _, stderr) = CliRunner.Run("notebook", "export", notebook, "--out", dir["target"]);

        Assert.Equal(2, exit);
        Assert.Equal($"--out {dir["target"]}: error: is a directory; expected a file name; nothing was written\n", stderr);
        Assert.Equal(["nb", Path.Combine("nb", "d.ipynb"), "target"], dir.Entries());
    }

    private const string NotebookOnlyTag = "notebook-only";

    private static string Text(JsonObject notebook, Action<JsonObject>? change = null)
    {
        change?.Invoke(notebook);
        return notebook.ToJsonString();
    }

    private static List<string> Entries(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal)];
}
