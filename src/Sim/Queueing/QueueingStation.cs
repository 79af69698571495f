using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Queueing;

/// <summary>
/// A G/G/c queueing station built from kernel processes: a source process spawns customers, and each
/// customer is a process that arrives, requests one of c servers, holds it for its service time and
/// releases it. It is the kernel's validation model (against M/M/1, M/D/1 and Erlang C) and the
/// workload of <c>iommusim bench kernel</c>.
/// </summary>
public sealed class QueueingStation
{
    private readonly Simulation _sim;
    private readonly Resource _servers;
    private readonly IDurationSource _interarrival;
    private readonly IDurationSource _service;
    private long _warmupCustomers;
    private SimTime _windowStart;
    private long _windowArrivals;
    private readonly bool _distributions;

    /// <summary>Creates a station with <paramref name="servers"/> servers on <paramref name="simulation"/>.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="servers">Number of servers.</param>
    /// <param name="interarrival">Time between arrivals.</param>
    /// <param name="service">Service times.</param>
    /// <param name="distributions">Also record the wait histogram, sojourn times and the number in system
    /// (Little's law); false keeps only the mean wait, as a kernel benchmark measures.</param>
    public QueueingStation(Simulation simulation, int servers, IDurationSource interarrival, IDurationSource service,
        bool distributions = true)
    {
        _distributions = distributions;
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(interarrival);
        ArgumentNullException.ThrowIfNull(service);
        _sim = simulation;
        _servers = new Resource(simulation, servers);
        _interarrival = interarrival;
        _service = service;
        InSystem = new TimeWeightedMonitor(simulation.Now);
    }

    /// <summary>Waiting times in queue (before service) of measured customers, in picoseconds.</summary>
    public Tally Waits { get; } = new();

    /// <summary>Distribution of waiting times in picoseconds.</summary>
    public LogLinearHistogram WaitHistogram { get; } = new();

    /// <summary>Times in system (wait plus service) of measured customers, in picoseconds.</summary>
    public Tally Sojourns { get; } = new();

    /// <summary>Number of customers in the system over time, reset when warm-up ends.</summary>
    public TimeWeightedMonitor InSystem { get; }

    /// <summary>Customers that completed service.</summary>
    public long Completed { get; private set; }

    /// <summary>Arrivals since warm-up ended, for the arrival rate in Little's law.</summary>
    public long WindowArrivals => _windowArrivals;

    /// <summary>When warm-up ended (the measuring window's start).</summary>
    public SimTime WindowStart => _windowStart;

    /// <summary>
    /// Starts the source: <paramref name="customers"/> arrivals, of which the first
    /// <paramref name="warmupCustomers"/> are not measured (the empty-start transient).
    /// </summary>
    public Process Start(long customers, long warmupCustomers = 0)
    {
        if (customers < 1) throw new ArgumentOutOfRangeException(nameof(customers), customers, "need at least one customer");
        if (warmupCustomers < 0 || warmupCustomers >= customers)
            throw new ArgumentOutOfRangeException(nameof(warmupCustomers), warmupCustomers, "warm-up must be below the customer count");
        _warmupCustomers = warmupCustomers;
        return _sim.Process(Source(customers));
    }

    private IEnumerable<Event> Source(long customers)
    {
        for (long i = 0; i < customers; i++)
        {
            yield return _sim.Timeout(_interarrival.Next());
            if (i == _warmupCustomers)
            {
                _windowStart = _sim.Now;
                InSystem.Reset(_sim.Now);
            }
            _sim.Process(Customer(i >= _warmupCustomers));
        }
    }

    private IEnumerable<Event> Customer(bool measured)
    {
        var arrival = _sim.Now;
        if (measured) _windowArrivals++;
        if (_distributions) InSystem.Update(arrival, InSystem.Current + 1);
        using (var request = _servers.Request())
        {
            yield return request;
            var wait = _sim.Now - arrival;
            if (measured)
            {
                Waits.Add(wait.Picoseconds);
                if (_distributions) WaitHistogram.Record(wait.Picoseconds);
            }
            yield return _sim.Timeout(_service.Next());
        }
        Completed++;
        if (!_distributions) yield break;
        InSystem.Update(_sim.Now, InSystem.Current - 1);
        if (measured) Sojourns.Add((_sim.Now - arrival).Picoseconds);
    }
}
