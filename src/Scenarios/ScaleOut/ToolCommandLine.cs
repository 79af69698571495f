namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// The words that start this very tool again, absolute, for the scripts a cluster runs later: the apphost
/// (<c>iommusim</c> or <c>IommuSim.Cli</c>) when the process is one, or the dotnet host with the path of
/// <c>IommuSim.Cli.dll</c> when the tool runs as <c>dotnet IommuSim.Cli.dll</c>.
/// </summary>
internal static class ToolCommandLine
{
    /// <summary>The dll the apphost and the dotnet host start.</summary>
    public const string CliDll = "IommuSim.Cli.dll";

    /// <summary>The words for the running process.</summary>
    public static IReadOnlyList<string> Current() =>
        For(Environment.ProcessPath, Path.Combine(AppContext.BaseDirectory, CliDll), File.Exists);

    /// <summary>
    /// The words for a process whose executable is <paramref name="processPath"/>, the tool's dll being
    /// <paramref name="cliDll"/>. A process that is neither the apphost nor the dotnet host (a test host loading the
    /// tool) gets the apphost beside the dll where there is one, else <c>dotnet</c> and the dll.
    /// </summary>
    public static IReadOnlyList<string> For(string? processPath, string cliDll, Func<string, bool> fileExists)
    {
        string dll = Path.GetFullPath(cliDll);
        if (processPath is not null)
        {
            string full = Path.GetFullPath(processPath);
            // Not GetFileNameWithoutExtension: that makes "IommuSim.Cli" "IommuSim".
            string name = Path.GetFileName(full);
            if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)) name = name[..^".exe".Length];
            if (IsApphost(name)) return [full];
            if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return [full, dll];
        }
        string directory = Path.GetDirectoryName(dll)!;
        foreach (var apphost in new[] { Cli.CommandName, Path.GetFileNameWithoutExtension(CliDll) })
        {
            string candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? apphost + ".exe" : apphost);
            if (fileExists(candidate)) return [candidate];
        }
        return ["dotnet", dll];
    }

    private static bool IsApphost(string name) =>
        name == Cli.CommandName || name.Equals(Path.GetFileNameWithoutExtension(CliDll), StringComparison.OrdinalIgnoreCase);
}
