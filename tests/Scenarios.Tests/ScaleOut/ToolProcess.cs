using System.Diagnostics;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>
/// Runs the built iommusim in a child process with changes to its environment (PATH, SLURM_CONF), which a test must
/// not make to its own process, shared with the tests running beside it.
/// </summary>
internal static class ToolProcess
{
    /// <summary>The dotnet host, absolute, so that it is found whatever PATH the child gets.</summary>
    public static string DotnetHost { get; } = FindDotnet();

    /// <summary>The dll iommusim runs as.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "IommuSim.Cli.dll");

    public static (int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(CliDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException("iommusim did not finish in 300 s"); }
        return (p.ExitCode, output.Result, error.Result);
    }

    private static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "dotnet"))) return Path.GetFullPath(Path.Combine(dir, "dotnet"));
        throw new InvalidOperationException("dotnet not found (DOTNET_HOST_PATH, PATH)");
    }
}
