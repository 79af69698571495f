using System.Diagnostics;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>Runs shell text in bash and returns what it printed: the judge of the scripts' quoting.</summary>
internal static class Bash
{
    /// <summary>The words <paramref name="commandLine"/> gives a command, each as printf '%s\0' received it.</summary>
    public static IReadOnlyList<string> Words(string commandLine, params (string Name, string Value)[] environment)
    {
        var (exit, output, error) = Run("printf '%s\\0' " + commandLine, environment);
        Assert.True(exit == 0, error);
        return output.Split('\0')[..^1];
    }

    public static (int Exit, string Out, string Err) Run(string script, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(true); throw new TimeoutException("bash did not finish in 30 s"); }
        return (p.ExitCode, output.Result, error.Result);
    }
}
