using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Queueing;

/// <summary>
/// The model behind <c>iommusim bench kernel</c>: M/M/4 at utilisation 0.9 with mean service time 1,
/// each customer a process. The same model SimSharp's benchmark runs, so customers per second compare.
/// </summary>
public sealed class KernelBenchmark
{
    /// <summary>Servers in the station.</summary>
    public const int Servers = 4;
    /// <summary>Server utilisation λ/(cμ).</summary>
    public const double Utilisation = 0.9;
    /// <summary>The time unit of the model: mean service time (1 µs of simulated time).</summary>
    public static readonly SimTime ServiceMean = SimTime.FromMicroseconds(1);

    /// <summary>The simulation.</summary>
    public Simulation Simulation { get; } = new();

    /// <summary>The station.</summary>
    public QueueingStation Station { get; }

    /// <summary>Builds the model for <paramref name="customers"/> customers from <paramref name="seed"/>.</summary>
    public KernelBenchmark(long customers, ulong seed = 1)
    {
        var streams = new RandomStreams(seed);
        var interarrival = new ExponentialDuration(streams.Get("arrivals"),
            SimTime.FromSeconds(ServiceMean.TotalSeconds / (Servers * Utilisation)));
        var service = new ExponentialDuration(streams.Get("service"), ServiceMean);
        Station = new QueueingStation(Simulation, Servers, interarrival, service, distributions: false);
        Station.Start(customers);
    }

    /// <summary>Runs to completion.</summary>
    public void Run() => Simulation.Run();

    /// <summary>Mean wait in queue, in units of the mean service time.</summary>
    public double MeanWait => Station.Waits.Mean / ServiceMean.Picoseconds;

    /// <summary>Erlang C's mean wait for this model, in units of the mean service time.</summary>
    public static double TheoreticalMeanWait => ErlangC.MeanWaitInServiceTimes(Servers, Servers * Utilisation);
}
