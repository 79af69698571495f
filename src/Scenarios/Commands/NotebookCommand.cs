using System.CommandLine;
using IommuSim.Scenarios.Notebooks;
using IommuSim.Scenarios.Outputs;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim notebook export NB.ipynb</c>: writes the experiment of a C# notebook as a .NET 10 file-based app
/// (<c>notebooks/apps/NAME.cs</c>) from its code cells, so that the notebook and the app never drift apart. Bad input
/// exits 2 with nothing written; the app is written whole or not at all.
/// </summary>
internal static class NotebookCommand
{
    public static Command Build()
    {
        var notebook = new Argument<string>("NB.ipynb") { Description = "The notebook to export (nbformat 4, kernel .net-csharp)." };
        var output = new Option<string?>("--out", "-o")
        {
            HelpName = "FILE",
            Description = "Where to write the app (default: apps/NAME.cs beside the notebook). The text is the same wherever it goes: " +
                          "it is written to run from the default place.",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite FILE even when it is not an app this command wrote." };
        var export = new Command("export",
            "Write the notebook's experiment as a .NET 10 file-based app: its code cells in order (cells tagged notebook-only\n" +
            "left out, using directives at the top), markdown as comments, and display() writing each chart as CHART_ID.html\n" +
            "and each table as TABLE_NAME.csv. Line-based: the C# is copied, not parsed.\n" +
            "Example: iommusim notebook export notebooks/01-quickstart.ipynb")
        {
            notebook, output, force,
        };
        export.SetAction(parse => Export(parse.GetValue(notebook)!, parse.GetValue(output), parse.GetValue(force),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return new Command("notebook", "Work with the C# notebooks of notebooks/.") { export };
    }

    private static int Export(string path, string? output, bool force, TextWriter stdout, TextWriter stderr)
    {
        string text;
        Notebook read;
        try
        {
            read = NotebookReader.Read(path);
            if (!AppName.IsValid(read.Name))
                throw new NotebookException($"{NotebookReader.Shown(path)}: error: the name '{Metadata.Excerpt.Of(read.Name)}' cannot name an app; " +
                                            "expected letters, digits, '-', '_' and '.' only");
            text = FileBasedApp.Write(read);
        }
        catch (NotebookException e)
        {
            return Reject(stderr, e.Message);
        }
        string target = output ?? Path.Combine(Path.GetDirectoryName(path) ?? "", "apps", read.Name + ".cs");
        // The option as given when there is one, so the message points at what to change.
        string shown = (output is null ? "" : "--out ") + NotebookReader.Shown(target);
        if (target.Length == 0) return Reject(stderr, "--out \"\": error: expected a file name");
        if (Directory.Exists(target)) return Reject(stderr, $"{shown}: error: is a directory; expected a file name");
        try
        {
            if (!force && !AppFile.IsFreeOrExported(target))
                return Reject(stderr, $"{shown}: error: the file exists and is not an app written by {Cli.CommandName} notebook export; " +
                                      "--force overwrites it");
            AppFile.Replace(target, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{shown}: error: the app could not be written ({IoReason.Of(e)}); nothing was written");
            return ExitCodes.InternalError;
        }
        stdout.WriteLine($"wrote {target}");
        return ExitCodes.Ok;
    }

    private static int Reject(TextWriter stderr, string message)
    {
        stderr.WriteLine(message + "; nothing was written");
        return ExitCodes.InputError;
    }
}
