using Spectre.Console;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// A progress bar with simulated time and ETA, drawn on the terminal only once the work has taken
/// more than a second (quick runs stay quiet) and only where a terminal is attached.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    /// <summary>Awaits <paramref name="work"/>, showing progress on <paramref name="terminal"/> when it is not null.</summary>
    public static async Task<T> Await<T>(Task<T> work, BatchProgress progress, IAnsiConsole? terminal)
    {
        if (terminal is null || await Task.WhenAny(work, Task.Delay(Patience)) == work) return await work;
        await terminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("simulating", maxValue: 1.0);
                while (!work.IsCompleted)
                {
                    bar.Value = progress.Fraction;
                    bar.Description = $"simulated {Milliseconds(progress.Done)} of {Milliseconds(progress.Total)}";
                    await Task.WhenAny(work, Task.Delay(Refresh));
                }
                bar.Value = 1.0;
            });
        return await work;
    }

    private static string Milliseconds(Kernel.SimTime t) =>
        (t.TotalSeconds * 1e3).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "ms";
}
