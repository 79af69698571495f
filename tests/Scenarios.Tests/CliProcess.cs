using System.Diagnostics;

namespace IommuSim.Scenarios.Tests;

/// <summary>Runs the built iommusim in a child process, as a user's shell would.</summary>
internal static class CliProcess
{
    public static (int Exit, string Out) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IommuSim.Cli.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("iommusim did not finish in 120 s"); }
        return (p.ExitCode, output.Result + error.Result);
    }
}
