using System.Diagnostics;

namespace IommuSim.Scenarios.Tests.Notebooks;

/// <summary>
/// The installed Jupyter (Debian's jupyter-nbconvert) and the .NET Interactive C# kernelspec it starts notebooks on;
/// runs nbconvert on a notebook as CI does.
/// </summary>
internal static class Jupyter
{
    /// <summary>The kernelspec name `dotnet interactive jupyter install` registers for C#.</summary>
    public const string CSharpKernel = ".net-csharp";

    public static readonly string? Path = FindOnPath("jupyter");


    /// <summary>
    /// Why a notebook test cannot run here (jupyter or the .net-csharp kernelspec missing), for the skip-or-fail
    /// attributes; null when it can, and always under CI (CI=true), where the test then fails rather than skips.
    /// </summary>
    public static string? SkipReason =>
        IommuSim.Tests.Support.ContinuousIntegration.IsOn ? null
        : Path is null ? "jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client); under CI=true this test fails instead"
        : !HasCSharpKernel ? $"the {CSharpKernel} kernelspec is not registered (dotnet tool restore; dotnet interactive jupyter install); under CI=true this test fails instead"
        : null;

    /// <summary>Whether some Jupyter data directory holds the C# kernelspec (as `jupyter kernelspec list` would show).</summary>
    public static bool HasCSharpKernel
    {
        get
        {
            foreach (var dir in DataDirectories())
                if (File.Exists(System.IO.Path.Combine(dir, "kernels", CSharpKernel, "kernel.json"))) return true;
            return false;
        }
    }

    /// <summary>
    /// Executes <paramref name="notebook"/> in place with nbconvert, writing the executed copy beside it as
    /// <paramref name="output"/> (or at that path when it is absolute); returns nbconvert's exit code and everything it
    /// (and the kernel) printed. With <paramref name="allowErrors"/> every cell runs and errors stay in the copy.
    /// </summary>
    public static (int Exit, string Log) Execute(string notebook, string output, bool allowErrors = false)
    {
        Assert.True(Path is not null && HasCSharpKernel,
            $"jupyter or its {CSharpKernel} kernelspec is missing, and CI=true requires them (apt-get install jupyter-nbconvert " +
            "python3-nbclient jupyter-client; dotnet tool restore; dotnet interactive jupyter install)");
        var info = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Kernel start (a .NET host, then Roslyn) takes seconds on a loaded machine; nbclient's default startup wait is 60 s.
        foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", "--output", output,
                     "--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.startup_timeout=120", notebook })
            info.ArgumentList.Add(a);
        if (allowErrors) info.ArgumentList.Insert(3, "--allow-errors");
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException("jupyter nbconvert did not finish in 300 s"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    // Jupyter's data path: JUPYTER_PATH, then the user's data directory, then the system's.
    private static IEnumerable<string> DataDirectories()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(System.IO.Path.PathSeparator))
            if (dir.Length > 0) yield return dir;
        var data = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        yield return !string.IsNullOrEmpty(data) ? data
            : !string.IsNullOrEmpty(xdg) ? System.IO.Path.Combine(xdg, "jupyter")
            : System.IO.Path.Combine(home, ".local", "share", "jupyter");
        yield return "/usr/local/share/jupyter";
        yield return "/usr/share/jupyter";
    }

    private static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = System.IO.Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
