using System.Diagnostics;
using System.Runtime.InteropServices;
using IommuSim.Scenarios.Tests.Outputs;

namespace IommuSim.Scenarios.Tests.Commands;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM during a run, end to end in a child process: the run stops promptly, says so, exits
/// 128 + the signal, and leaves neither outputs nor a staging directory.
/// </summary>
public class InterruptTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [Theory]
    [InlineData(2, 130)]
    [InlineData(15, 143)]
    public async Task A_signal_during_the_run_stops_it_and_writes_nothing(int signal, int expectedExit)
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDirectory();
        // 100 s of simulated time on one worker (the other tests keep their cores): minutes of work, beyond the budget
        // a run does without --force. The --set
        // overrides the passthrough variant's host.mode, so a warning is printed as the run starts: once it is out,
        // the run has started and hears signals.
        using var child = CliProcess.Start("run", RepositoryFiles.Quickstart, "--jobs", "1", "--set", "run.duration=100s", "--set", "host.mode=lazy",
            "--force", "--out", dir["out"]);
        var started = new TaskCompletionSource();
        var err = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (err) err.AppendLine(line.Data);
            if (line.Data.StartsWith("warning: ", StringComparison.Ordinal)) started.TrySetResult();
        };
        child.BeginErrorReadLine();
        var output = child.StandardOutput.ReadToEndAsync();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // Let it get into the simulation proper, past loading and the --out check.
            await Task.Delay(500);
            var signalled = Stopwatch.StartNew();
            Assert.Equal(0, kill(child.Id, signal));
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {signalled.Elapsed}");
        }
        finally
        {
            if (!child.HasExited) child.Kill(true);
        }
        string stderr;
        lock (err) stderr = err.ToString();
        Assert.True(child.ExitCode == expectedExit, $"exit {child.ExitCode}: {stderr}");
        Assert.EndsWith("cancelled; nothing was written\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", await output);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
        Assert.Empty(TreeSnapshot.Siblings(dir["out"]));
    }
}
