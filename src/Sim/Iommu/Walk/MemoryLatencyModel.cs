using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Platform;

namespace IommuSim.Iommu;

/// <summary>
/// The latency of one memory read the IOMMU makes (a table entry, a context entry): it hits the last-level
/// cache with probability <see cref="MemoryParams.LlcHitRate"/> and takes the LLC latency, otherwise the
/// DRAM latency. Draws from its own named stream, exactly one draw per read.
/// </summary>
public sealed class MemoryLatencyModel
{
    private readonly RandomStream _stream;
    private readonly SimTime _llc;
    private readonly SimTime _dram;
    private readonly double _hitRate;

    /// <summary>Creates the model for <paramref name="parameters"/>, drawing from <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A latency is negative or the hit rate is outside [0, 1].</exception>
    public MemoryLatencyModel(MemoryParams parameters, RandomStream stream)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(stream);
        if (parameters.DramLatency.Picoseconds < 0 || parameters.LlcLatency.Picoseconds < 0)
            throw new ArgumentOutOfRangeException(nameof(parameters), "memory latencies cannot be negative");
        if (!(parameters.LlcHitRate is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.LlcHitRate, "llc_hit_rate must lie in [0, 1]");
        Parameters = parameters;
        _stream = stream;
        _llc = parameters.LlcLatency;
        _dram = parameters.DramLatency;
        _hitRate = parameters.LlcHitRate;
    }

    /// <summary>The latencies and hit rate.</summary>
    public MemoryParams Parameters { get; }
    /// <summary>Reads drawn so far.</summary>
    public long Reads { get; private set; }
    /// <summary>Reads that hit the last-level cache.</summary>
    public long LlcHits { get; private set; }

    /// <summary>The expected latency of one read: p × LLC + (1 − p) × DRAM.</summary>
    public double MeanReadPicoseconds => _hitRate * _llc.Picoseconds + (1 - _hitRate) * _dram.Picoseconds;

    /// <summary>The latency of one read (one draw).</summary>
    public SimTime NextRead()
    {
        Reads++;
        if (_stream.NextDouble() < _hitRate)
        {
            LlcHits++;
            return _llc;
        }
        return _dram;
    }

    /// <summary>The total latency of <paramref name="count"/> reads made one after another (one draw each).</summary>
    public SimTime NextReads(int count)
    {
        long total = 0;
        for (int i = 0; i < count; i++) total += NextRead().Picoseconds;
        return new SimTime(total);
    }
}
