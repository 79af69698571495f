using System.Diagnostics;
using System.Globalization;

namespace IommuSim.Scenarios.Tests;

/// <summary>Runs the built iommusim in a child process, as a user's shell would.</summary>
internal static class CliProcess
{
    public static (int Exit, string Out) Run(params string[] args)
    {
        using var p = Start(args);
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("iommusim did not finish in 120 s"); }
        return (p.ExitCode, output.Result + error.Result);
    }

    /// <summary>Starts iommusim with its output redirected; the caller reads it and waits.</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IommuSim.Cli.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // A child inherits ignored signals, and .NET leaves an inherited-ignored SIGINT ignored: so it is when the
        // tests run in a script's background job. env puts it back, so that the child hears Ctrl+C as a user's would.
        if (SigintIgnored())
        {
            info.FileName = "env";
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    // SigIgn in /proc/self/status is the mask of ignored signals; SIGINT (2) is its second bit.
    private static bool SigintIgnored()
    {
        if (!OperatingSystem.IsLinux()) return false;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 2) != 0;
    }
}
