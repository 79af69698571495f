namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// Tests that build or run the notebooks' code (dotnet run of the apps, the kernel's Release build of src/Sim): one
/// at a time, and never beside other tests, since they build the same project.
/// </summary>
[CollectionDefinition("Notebooks", DisableParallelization = true)]
public sealed class NotebooksCollection;
