namespace IommuSim.Scenarios.Notebooks;

/// <summary>A C# notebook read from its file: the path it was read from, its name and its cells in order.</summary>
/// <param name="Path">The path as given (messages name the file so).</param>
/// <param name="Cells">Every cell, numbered from 1.</param>
internal sealed record Notebook(string Path, IReadOnlyList<NotebookCell> Cells)
{
    /// <summary>The kernelspec name of the .NET Interactive C# kernel, the only kernel the notebooks run on.</summary>
    public const string CSharpKernel = ".net-csharp";

    /// <summary>The file name without <c>.ipynb</c>, e.g. <c>01-quickstart</c>: the app's name.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>
    /// The name of the directory holding the notebook, e.g. <c>notebooks</c>: the app's comments name the notebook
    /// as <c>notebooks/NAME.ipynb</c> whatever path it was exported by, so that the bytes do not depend on the working directory.
    /// </summary>
    public string DirectoryName => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))) ?? "";
}
