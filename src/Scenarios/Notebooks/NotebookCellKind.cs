namespace IommuSim.Scenarios.Notebooks;

/// <summary>The three kinds of cell nbformat 4 knows.</summary>
internal enum NotebookCellKind
{
    /// <summary>C# the kernel runs.</summary>
    Code,
    /// <summary>Prose, which the app keeps as comments.</summary>
    Markdown,
    /// <summary>Text the kernel leaves alone, kept as comments too.</summary>
    Raw,
}
