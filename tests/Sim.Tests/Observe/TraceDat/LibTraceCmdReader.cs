using System.Diagnostics;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// The C reader of Native/read_iommu_events.c, built once per test run against the system's libtracecmd
/// (<c>cc</c> with <c>pkg-config --cflags --libs libtracecmd</c>) and run on a .dat file.
/// </summary>
internal static class LibTraceCmdReader
{
    private const string SourceName = "read_iommu_events.c";

    /// <summary>Why the reader cannot be built here (no cc, no libtracecmd for pkg-config); null when it can.</summary>
    public static readonly string? Missing = FindMissing();

    private static readonly Lazy<string> Executable = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the reader on <paramref name="datFile"/>: exit code, its event lines, stderr.</summary>
    public static (int ExitCode, List<string> Lines, string Stderr) Read(string datFile)
    {
        var (code, stdout, stderr) = Run(Executable.Value, datFile);
        var lines = new List<string>();
        foreach (var line in stdout.Split('\n'))
            if (line.Length > 0) lines.Add(line);
        return (code, lines, stderr);
    }

    private static string Build()
    {
        Assert.True(Missing is null, $"the libtracecmd reader cannot be built: {Missing}; CI=true requires it");
        string source = Path.Combine(AppContext.BaseDirectory, "Observe", "TraceDat", "Native", SourceName);
        Assert.True(File.Exists(source), $"{source} was not copied to the test output");
        string dir = Directory.CreateTempSubdirectory("libtracecmd-reader-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { } // a leftover in the temp directory is no test's concern
        };
        string exe = Path.Combine(dir, "read_iommu_events");

        var (flagsCode, flags, flagsErr) = Run("pkg-config", "--cflags", "--libs", "libtracecmd");
        Assert.True(flagsCode == 0, $"pkg-config libtracecmd failed: {flagsErr}");
        var args = new List<string> { "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O1", "-o", exe, source };
        args.AddRange(flags.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var (ccCode, ccOut, ccErr) = Run("cc", [.. args]);
        Assert.True(ccCode == 0, $"cc failed to build {SourceName}:\n{ccOut}{ccErr}");
        return exe;
    }

    private static string? FindMissing()
    {
        if (!OnPath("cc")) return "no C compiler (cc) on PATH (apt-get install gcc)";
        if (!OnPath("pkg-config")) return "no pkg-config on PATH (apt-get install pkgconf)";
        try
        {
            var (code, _, stderr) = Run("pkg-config", "--exists", "--print-errors", "libtracecmd");
            return code == 0 ? null : $"pkg-config finds no libtracecmd (apt-get install libtracecmd-dev libtracefs-dev libtraceevent-dev): {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"pkg-config does not run: {e.Message}";
        }
    }

    private static bool OnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool))) return true;
        return false;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}
