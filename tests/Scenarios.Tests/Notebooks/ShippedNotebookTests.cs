using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// The notebooks in notebooks/ execute headless on the .NET Interactive kernel as a user's Jupyter runs them, and
/// their executed copies hold charts as images and the numbers their answers state.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class ShippedNotebookTests
{
    /// <summary>The notebooks issue 14 asks for, in order.</summary>
    public static readonly string[] Names = ["01-quickstart", "02-iotlb-sizing", "03-strict-vs-lazy", "04-nic-iotlb-wall", "05-trace-fixtures"];

    public static TheoryData<string> Notebooks => [.. Names];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [NotebookKernelTheory]
    [MemberData(nameof(Notebooks))]
    public void Executes_headless_with_its_charts_as_images_and_the_numbers_its_answer_states(string name)
    {
        _ = ReleaseLibrary.Path;
        using var dir = new TempDirectory();
        string executed = dir["executed.ipynb"];

        var (exit, log) = Jupyter.Execute(RepositoryFiles.Path($"notebooks/{name}.ipynb"), executed, allowErrors: true);

        Assert.True(exit == 0, $"nbconvert exited {exit}:\n{log}");
        var notebook = new ExecutedNotebook(executed);
        notebook.AssertEveryCellRan();
        Assert.True(ValidatesAsNbformat4(executed, out string why), why);
        Assert.NotEmpty(notebook.Pngs);
        Assert.All(notebook.Pngs, png => Assert.Equal(PngSignature, png.Take(8)));
        // Tables through the kernel's own formatter (a TabularDataResource's HTML table).
        Assert.True(notebook.OutputsOf("text/html") > 0);
        var numbers = ExecutedNotebook.Bold(notebook.LastMarkdown);
        Assert.NotEmpty(numbers);
        string printed = Regex.Replace(notebook.PrintedText, @"\s+", " ");
        foreach (var number in numbers)
            Assert.True(printed.Contains(number, StringComparison.Ordinal),
                $"{name}: the answer states '{number}', which the executed notebook does not print:\n{notebook.PrintedText}");
    }

    [Fact]
    public void Each_notebook_is_committed_without_outputs_states_its_question_and_ends_with_its_answer()
    {
        var onDisk = Directory.GetFiles(RepositoryFiles.Path("notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        Assert.Equal(Names, onDisk);
        string scottPlot = Regex.Match(File.ReadAllText(RepositoryFiles.Path("Directory.Packages.props")),
            "<PackageVersion Include=\"ScottPlot\" Version=\"([^\"]+)\"").Groups[1].Value;
        foreach (var name in Names)
        {
            var nb = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path($"notebooks/{name}.ipynb")))!;
            Assert.Equal(4, (int)nb["nbformat"]!);
            Assert.True((int)nb["nbformat_minor"]! >= 5, $"{name}: nbformat 4.5 or later (cell ids)");
            Assert.Equal(Jupyter.CSharpKernel, (string?)nb["metadata"]!["kernelspec"]!["name"]);
            var cells = nb["cells"]!.AsArray().Select(c => c!).ToList();
            Assert.Equal(cells.Count, cells.Select(c => (string?)c["id"]).Distinct().Count());
            // Outputs hold the machine's addresses (the kernel's HTTP probe) and timings: never committed.
            foreach (var code in cells.Where(c => (string?)c["cell_type"] == "code"))
            {
                Assert.Empty(code["outputs"]!.AsArray());
                Assert.Null(code["execution_count"]);
            }
            Assert.Equal("markdown", (string?)cells[0]["cell_type"]);
            Assert.Contains("?", ExecutedNotebook.Text(cells[0]["source"]));
            Assert.StartsWith("## Answer", ExecutedNotebook.Text(cells[^1]["source"]));
            // The one notebook-only cell: the library's #r, ScottPlot's package at the version the build pins, the formatters.
            var setup = Assert.Single(cells, c => c["metadata"]?["tags"] is JsonArray tags && tags.Any(t => (string?)t == "notebook-only"));
            string source = ExecutedNotebook.Text(setup["source"]);
            Assert.Contains($"#r \"nuget: ScottPlot, {scottPlot}\"", source);
            Assert.Contains("#r \"../src/Sim/bin/Release/net10.0/IommuSim.dll\"", source);
        }
    }

    [NotebookKernelFact]
    public void A_failing_cell_fails_the_check_with_its_cell_number_and_error()
    {
        using var dir = new TempDirectory();
        var notebook = CSharpNotebook.Write(dir, "fails.ipynb",
            "Console.WriteLine(\"fine\");",
            "throw new System.InvalidOperationException(\"a cell failed on purpose\");",
            "Console.WriteLine(undefinedName);");

        var (exit, log) = Jupyter.Execute(notebook, "out.ipynb", allowErrors: true);

        Assert.True(exit == 0, $"with --allow-errors nbconvert runs every cell and exits 0:\n{log}");
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => new ExecutedNotebook(dir["out.ipynb"]).AssertEveryCellRan());
        Assert.Contains("2 cell(s) failed", failure.Message);
        Assert.Contains("cell 2: System.InvalidOperationException: a cell failed on purpose", failure.Message);
        // A compile error: the kernel's error names no exception, the compiler's message (printed before it) names the problem.
        Assert.Matches(@"cell 3: .*\n.*error CS0103: The name 'undefinedName' does not exist", failure.Message);
        Assert.DoesNotContain("cell 1:", failure.Message);
    }

    // nbformat's own validator (the package nbconvert is built on), on the executed copy, run by Jupyter's own Python
    // (the interpreter its script names), which a python3 earlier on PATH (pyenv, a venv) may not be.
    private static bool ValidatesAsNbformat4(string path, out string why)
    {
        string shebang = File.ReadLines(Jupyter.Path!).First();
        string python = shebang.StartsWith("#!/", StringComparison.Ordinal) && !shebang.Contains(' ', StringComparison.Ordinal) ? shebang[2..] : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print(nbformat.read(sys.argv[1], as_version=4).nbformat)", path })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        why = $"nbformat.validate failed on the executed notebook:\n{output}";
        return p.ExitCode == 0 && output.Trim() == "4";
    }
}
