namespace IommuSim.Scenarios.Notebooks;

/// <summary>One cell of a notebook, as the exporter needs it.</summary>
/// <param name="Number">Its place in the notebook, from 1, counting every cell (as messages and the app's comments number it).</param>
/// <param name="Kind">Code, markdown or raw.</param>
/// <param name="Lines">Its source split into lines, without line breaks.</param>
/// <param name="NotebookOnly">Tagged <c>notebook-only</c>: kernel set-up that the app leaves out.</param>
internal sealed record NotebookCell(int Number, NotebookCellKind Kind, IReadOnlyList<string> Lines, bool NotebookOnly)
{
    /// <summary>The tag of cells that only the notebook runs (<c>#r</c> references, the kernel's formatters).</summary>
    public const string NotebookOnlyTag = "notebook-only";
}
