using System.Globalization;

namespace IommuSim.Scenarios.Tests;

public class CliTests
{
    [Fact]
    public void Help_lists_the_commands()
    {
        var (exit, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("bench", output);
        Assert.Contains("IOMMU", output);
    }

    [Fact]
    public void Help_usage_names_the_command_iommusim_not_the_executable()
    {
        // In-process the executable is the test host; out of process it is IommuSim.Cli.dll. Usage names neither.
        var (exit, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage:\n  iommusim [command] [options]\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        (exit, output, _) = CliRunner.Run("run", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage:\n  iommusim run <FILE> [options]\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        (exit, output) = CliProcess.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage:\n  iommusim [command] [options]\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("IommuSim.Cli", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_assembly_version()
    {
        // Out of process: --version reports the entry assembly, which in-process is the test host.
        var (exit, output) = CliProcess.Run("--version");
        Assert.Equal(0, exit);
        var expected = typeof(Cli).Assembly.GetName().Version!.ToString(3);
        Assert.StartsWith(expected, output.Trim());
    }

    [Fact]
    public void Bench_kernel_prints_every_key_with_a_number()
    {
        var (exit, output, err) = CliRunner.Run("bench", "kernel", "--customers", "20000");
        Assert.True(exit == 0, err);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        foreach (var key in new[] { "customers", "events", "mean_wait", "wall_s", "customers_per_s" })
            Assert.Contains(key, values.Keys);
        Assert.Equal(20000, values["customers"]);
        // Each customer is an arrival timeout, a process start, a grant and a service timeout.
        Assert.Equal(4 * 20000 + 1, values["events"]);
        Assert.True(values["customers_per_s"] > 0);
        // Erlang C for M/M/4 at rho 0.9 is 1.969 service times; 20k customers land near it.
        Assert.InRange(values["mean_wait"], 1.0, 3.0);
    }

    [Theory]
    [InlineData("bench", "kernel", "--customers", "0")]
    [InlineData("bench", "kernel", "--customers", "many")]
    [InlineData("bench", "kernel", "--frobnicate")]
    [InlineData("no-such-command")]
    public void Bad_arguments_exit_2_with_a_message_and_no_stack_trace(params string[] args)
    {
        var (exit, output, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("error:", err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("customers:", output);
    }
}
