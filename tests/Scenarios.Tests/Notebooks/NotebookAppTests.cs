using System.Diagnostics;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// The repository's notebooks and their file-based apps: every app is the export of its notebook as committed, and
/// runs on its own (<c>dotnet run notebooks/apps/NAME.cs</c>), writing a file for each chart and table it displays.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookAppTests
{
    private static readonly string Notebooks = RepositoryFiles.Path("notebooks");
    private static readonly string Apps = Path.Combine(Notebooks, "apps");

    [Fact]
    public void Committed_apps_equal_a_fresh_export()
    {
        var notebooks = Directory.GetFiles(Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        Assert.True(notebooks.Count > 0, $"no notebooks in {Notebooks}: this test checks them and must have some");
        using var dir = new TempDirectory();
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            string committed = Path.Combine(Apps, name + ".cs");
            Assert.True(File.Exists(committed), $"{name}.ipynb has no app: run iommusim notebook export notebooks/{name}.ipynb");
            var (exit, _, stderr) = CliRunner.Run("notebook", "export", notebook, "--out", dir[name + ".cs"]);
            Assert.True(exit == 0, $"export of {name}.ipynb exited {exit}: {stderr}");
            // Text first, for a readable difference; then bytes (a BOM or CRLF would pass the text comparison of some tools).
            Assert.Equal(File.ReadAllText(committed), File.ReadAllText(dir[name + ".cs"]));
            Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(dir[name + ".cs"]));
        }
        var orphans = Directory.GetFiles(Apps, "*.cs").Where(a => !File.Exists(Path.Combine(Notebooks, Path.GetFileNameWithoutExtension(a) + ".ipynb")));
        Assert.Empty(orphans);
    }

    [Fact]
    public void Every_app_runs_and_writes_its_files()
    {
        var apps = Directory.Exists(Apps) ? Directory.GetFiles(Apps, "*.cs").Order(StringComparer.Ordinal).ToList() : [];
        Assert.True(apps.Count > 0, $"no apps in {Apps}: this test runs them and must have some");
        foreach (var app in apps)
        {
            using var dir = new TempDirectory();
            string name = Path.GetFileName(app);
            var (exit, output) = DotnetRun(Path.GetRelativePath(RepositoryFiles.Root, app), dir.Path);
            Assert.True(exit == 0, $"dotnet run {name} exited {exit}:\n{output}");

            var wrote = output.Split('\n').Where(l => l.StartsWith("wrote ", StringComparison.Ordinal)).Select(l => l["wrote ".Length..].TrimEnd('\r')).ToList();
            var files = Directory.GetFiles(dir.Path).Order(StringComparer.Ordinal).ToList();
            // One file per chart or table displayed, each where it said, and nothing else.
            Assert.Equal(wrote.Order(StringComparer.Ordinal), files);
            Assert.Contains(files, f => f.EndsWith(".html", StringComparison.Ordinal) && File.ReadAllText(f).Contains("<svg", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith(".csv", StringComparison.Ordinal) && HasHeaderLine(File.ReadAllText(f)));
        }
    }

    private static bool HasHeaderLine(string csv)
    {
        int end = csv.IndexOf('\n', StringComparison.Ordinal);
        return end > 0 && csv[..end].Split(',').All(column => column.Length > 0);
    }

    // As a user runs it from the repository root, with no telemetry notice or first-run banner in the output.
    private static (int Exit, string Output) DotnetRun(string app, string outputDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "run", app, "--", outputDirectory }) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // dotnet test sets MSBuild's variables for its own build; a nested build must find its SDK afresh.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        using var p = Process.Start(info)!;
        p.StandardInput.Close(); // nothing may wait for an answer
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); throw new TimeoutException($"dotnet run {app} did not finish in 600 s"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
