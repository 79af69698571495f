using System.Text;

namespace IommuSim.Scenarios.Notebooks;

/// <summary>
/// Writes the experiment of a notebook as a .NET 10 file-based app (<c>dotnet run notebooks/apps/NAME.cs</c>), line by
/// line and without parsing C#: the code cells' lines verbatim, their leading using directives gathered at the top,
/// markdown as comments, notebook-only cells left out, and a <c>display()</c> that writes each chart as
/// <c>CHART_ID.html</c> and each table as <c>TABLE_NAME.csv</c>. The same notebook always gives the same bytes.
/// </summary>
/// <remarks>
/// The app is written for its default place, <c>apps/</c> beside the notebook, two levels below the repository root:
/// its <c>#:project</c> line and the working directory it sets are relative to that place.
/// </remarks>
internal static class FileBasedApp
{
    /// <summary>The app's text, "\n" line breaks and a final one.</summary>
    /// <exception cref="NotebookException">A code cell not tagged notebook-only holds a kernel directive.</exception>
    public static string Write(Notebook notebook)
    {
        var usings = new List<string>();
        var bodies = new List<(NotebookCell Cell, List<string> Lines)>();
        foreach (var cell in notebook.Cells)
        {
            if (cell.NotebookOnly) continue;
            if (cell.Kind == NotebookCellKind.Code) bodies.Add((cell, Code(cell, notebook, usings)));
            else bodies.Add((cell, Comment(cell)));
        }

        var app = new StringBuilder(AppHeader.Of(notebook));
        app.Append("#:project ../../src/Sim/Sim.csproj\n");
        foreach (var u in usings) app.Append(u).Append('\n');
        string folder = notebook.DirectoryName.Length == 0 ? "the notebook's directory" : notebook.DirectoryName + "/";
        app.Append('\n')
           .Append($"var exportPath = args.Length > 0 ? args[0] : Path.Combine(\"out\", \"{notebook.Name}\");\n")
           .Append("var exportDirectory = Path.GetFullPath(exportPath);\n")
           .Append("Directory.CreateDirectory(exportDirectory);\n")
           .Append("var exportedFiles = new HashSet<string>();\n")
           .Append($"// The notebook's relative paths are from {folder}, where the kernel runs it.\n")
           .Append("Directory.SetCurrentDirectory(Path.Combine(AppContext.GetData(\"EntryPointFileDirectoryPath\") as string\n")
           .Append("    ?? throw new InvalidOperationException(\"run this app with dotnet run FILE.cs\"), \"..\"));\n");
        foreach (var (cell, lines) in bodies)
        {
            app.Append('\n').Append($"// Cell {cell.Number}{(cell.Kind == NotebookCellKind.Code ? "" : cell.Kind == NotebookCellKind.Markdown ? " (markdown)" : " (raw)")}\n");
            foreach (var line in lines) app.Append(line).Append('\n');
        }
        app.Append(Display);
        return app.ToString();
    }

    // The cell's lines without the using directives at its start (those go to the top, once each).
    private static List<string> Code(NotebookCell cell, Notebook notebook, List<string> usings)
    {
        var kept = new List<string>(cell.Lines.Count);
        bool leading = true;
        foreach (var line in cell.Lines)
        {
            if (CodeLines.IsKernelDirective(line))
                throw new NotebookException($"{NotebookReader.Shown(notebook.Path)}: cell {cell.Number}: error: a kernel directive " +
                    $"('{Metadata.Excerpt.Of(line.Trim())}') in a cell the app runs; expected #r, #i and #! lines only in a cell tagged {NotebookCell.NotebookOnlyTag}");
            if (leading && CodeLines.IsUsingDirective(line))
            {
                string directive = line.Trim();
                if (!usings.Contains(directive)) usings.Add(directive);
                continue;
            }
            if (!CodeLines.IsBlankOrComment(line)) leading = false;
            kept.Add(line);
        }
        return Trimmed(kept);
    }

    // Prose as // comments; a line break C# would end a comment on (U+2028, U+2029, U+0085) starts a comment line too.
    private static List<string> Comment(NotebookCell cell)
    {
        var lines = new List<string>();
        foreach (var line in cell.Lines)
            foreach (var part in line.Split(['\u2028', '\u2029', '\u0085']))
                lines.Add(part.TrimEnd().Length == 0 ? "//" : "// " + part.TrimEnd());
        return Trimmed(lines);
    }

    // Blank lines at a cell's ends say nothing in the app.
    private static List<string> Trimmed(List<string> lines)
    {
        int start = 0, end = lines.Count;
        while (start < end && IsBlank(lines[start])) start++;
        while (end > start && IsBlank(lines[end - 1])) end--;
        return lines.GetRange(start, end - start);
    }

    private static bool IsBlank(string line) => line.Trim().Length == 0 || line == "//";

    private const string Display = """

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
}
