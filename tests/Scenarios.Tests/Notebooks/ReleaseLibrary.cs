using System.Diagnostics;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// The library built in Release, the build the notebooks <c>#r</c> (src/Sim/bin/Release/net10.0/IommuSim.dll), as the
/// README's notebook section has a user build it: once per test run, before the first notebook executes.
/// </summary>
internal static class ReleaseLibrary
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The path of the freshly built IommuSim.dll; the build's output fails the test when it fails.</summary>
    public static string Path => Built.Value;

    private static string Build()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryFiles.Root };
        foreach (var a in new[] { "build", "src/Sim/Sim.csproj", "-c", "Release", "-nologo", "-v", "q" }) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); throw new TimeoutException("dotnet build src/Sim -c Release did not finish in 600 s"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet build src/Sim -c Release exited {p.ExitCode}:\n{stdout.Result}{stderr.Result}");
        return RepositoryFiles.Path("src/Sim/bin/Release/net10.0/IommuSim.dll");
    }
}
