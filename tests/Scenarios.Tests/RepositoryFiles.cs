namespace IommuSim.Scenarios.Tests;

/// <summary>Files of the repository the tests read (scenarios, docs), found from the test binaries upwards.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Quickstart => Path("scenarios/quickstart.yaml");

    /// <summary>A fixed two-variant scenario (base, passthrough) for tests that count variants and rows.</summary>
    public static string TwoVariants => Path("tests/Scenarios.Tests/Fixtures/two-variants.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "IommuSim.sln"))) return dir.FullName;
        throw new InvalidOperationException("IommuSim.sln not found above " + AppContext.BaseDirectory);
    }
}
