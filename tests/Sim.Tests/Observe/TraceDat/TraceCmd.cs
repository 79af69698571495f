using System.Diagnostics;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>Runs the installed trace-cmd on a file and returns what it printed.</summary>
internal static class TraceCmd
{
    public static readonly string? Path = Find();


    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        Assert.True(Path is not null, "trace-cmd is not installed, and CI=true requires it");
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = System.IO.Path.Combine(dir, "trace-cmd");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
