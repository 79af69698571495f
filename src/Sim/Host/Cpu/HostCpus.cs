using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>The host's CPUs (<see cref="HostCpu"/>), and the figures over all of them.</summary>
public sealed class HostCpus
{
    private readonly HostCpu[] _cpus;

    /// <summary>Creates <paramref name="count"/> idle CPUs.</summary>
    public HostCpus(Simulation simulation, int count)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _cpus = new HostCpu[count];
        for (int i = 0; i < count; i++) _cpus[i] = new HostCpu(simulation, i);
    }

    /// <summary>Number of CPUs.</summary>
    public int Count => _cpus.Length;

    /// <summary>CPU <paramref name="index"/>.</summary>
    public HostCpu this[int index] => _cpus[index];

    /// <summary>The CPUs in index order.</summary>
    public IReadOnlyList<HostCpu> All => _cpus;

    /// <summary>Busy CPUs on average over the window: the sum of the utilisations, in CPUs.</summary>
    public double BusyCpus
    {
        get
        {
            double sum = 0;
            foreach (var c in _cpus) sum += c.Utilisation;
            return sum;
        }
    }

    /// <summary>The mean utilisation over all CPUs (busy CPUs over CPUs).</summary>
    public double MeanUtilisation => BusyCpus / _cpus.Length;

    /// <summary>The busiest CPU's utilisation: where a single-CPU bottleneck shows.</summary>
    public double MaxUtilisation
    {
        get
        {
            double max = 0;
            foreach (var c in _cpus) max = Math.Max(max, c.Utilisation);
            return max;
        }
    }

    /// <summary>Starts a new observation window on every CPU.</summary>
    public void Reset()
    {
        foreach (var c in _cpus) c.Reset();
    }

    /// <summary>Forgets setup work on every CPU (see <see cref="HostCpu.Clear"/>).</summary>
    public void Clear()
    {
        foreach (var c in _cpus) c.Clear();
    }
}
