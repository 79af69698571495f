namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// The notebook toolchain end to end: nbconvert executes a C# notebook headless on the .NET Interactive kernel, the
/// notebook loads the built simulator library, and a failing cell fails the run
/// without writing an executed copy.
/// </summary>
public sealed class NotebookKernelTests
{
    // The library the notebooks reference (never the CLI: the kernel cannot load the CLI's Plotly.NET).
    private static readonly string Library = Path.Combine(AppContext.BaseDirectory, "IommuSim.dll");

    [NotebookKernelFact]
    public void A_cell_loads_the_built_library_and_its_output_is_kept_in_the_executed_notebook()
    {
        using var dir = new TempDirectory();
        var notebook = CSharpNotebook.Write(dir, "sim.ipynb",
            $"#r \"{Library}\"\n" +
            "using IommuSim.Kernel;\n" +
            "Console.WriteLine((SimTime.FromMicroseconds(3) + SimTime.FromNanoseconds(250L)).Picoseconds);");

        var (exit, log) = Jupyter.Execute(notebook, "out.ipynb");

        Assert.True(exit == 0, $"nbconvert exited {exit} (is `dotnet tool restore` done?):\n{log}");
        // 3 us + 250 ns = 3_000_000 ps + 250_000 ps.
        Assert.Equal("3250000\n", CSharpNotebook.Stdout(dir["out.ipynb"], 0));
    }

    [NotebookKernelFact]
    public void A_cell_that_throws_fails_nbconvert_and_its_error_names_the_exception()
    {
        using var dir = new TempDirectory();
        var notebook = CSharpNotebook.Write(dir, "fails.ipynb",
            "throw new System.InvalidOperationException(\"a cell failed on purpose\");",
            "Console.WriteLine(\"not reached\");");

        var (exit, log) = Jupyter.Execute(notebook, "out.ipynb");

        Assert.NotEqual(0, exit);
        Assert.Contains("CellExecutionError", log);
        Assert.Contains("System.InvalidOperationException: a cell failed on purpose", log);
        // No executed copy is written, so a failed run cannot leave a notebook that looks like a good one.
        Assert.False(File.Exists(dir["out.ipynb"]));
    }
}
