namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// The tests that build the library in Release and run the shipped notebooks and file-based apps: one at a time, as two
/// builds of the same project at once would fight over its output files.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}
