using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Invoke(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the CLI with <paramref name="runner"/> in place of the model.</summary>
    public static (int Exit, string Out, string Err) RunWith(ReplicationRunner runner, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Invoke(args, stdout, stderr, runner);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
