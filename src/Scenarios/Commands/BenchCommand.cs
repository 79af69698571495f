using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IommuSim.Queueing;

namespace IommuSim.Scenarios.Commands;

/// <summary><c>iommusim bench</c>: speed measurements of the kernel and the model.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Build()
    {
        var bench = new Command("bench", "Measure simulator speed. Prints 'key: value' lines.");
        bench.Subcommands.Add(BuildKernel());
        return bench;
    }

    private static Command BuildKernel()
    {
        var customers = new Option<long>("--customers")
        {
            Description = "Number of customers to simulate.",
            DefaultValueFactory = _ => 1_000_000,
        };
        customers.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && long.TryParse(r.Tokens[0].Value, out long n) && n < 1)
                r.AddError("--customers must be at least 1");
        });
        var cmd = new Command("kernel",
            "M/M/4 at utilisation 0.9, mean service 1, each customer a process.\n" +
            "Example: iommusim bench kernel --customers 1000000")
        {
            customers,
        };
        cmd.SetAction(parse =>
        {
            long n = parse.GetValue(customers);
            var model = new KernelBenchmark(n);
            var watch = Stopwatch.StartNew();
            model.Run();
            watch.Stop();
            var o = parse.InvocationConfiguration.Output;
            double wall = watch.Elapsed.TotalSeconds;
            o.WriteLine(Line("customers", n.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("events", model.Simulation.ProcessedEvents.ToString(CultureInfo.InvariantCulture)));
            o.WriteLine(Line("mean_wait", model.MeanWait.ToString("F4", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("mean_wait_theory", KernelBenchmark.TheoreticalMeanWait.ToString("F4", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("wall_s", wall.ToString("F3", CultureInfo.InvariantCulture)));
            o.WriteLine(Line("customers_per_s", (n / wall).ToString("F0", CultureInfo.InvariantCulture)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Line(string key, string value) => key + ": " + value;
}
