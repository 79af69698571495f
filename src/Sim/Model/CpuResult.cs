using IommuSim.Host;
using IommuSim.Kernel;

namespace IommuSim.Model;

/// <summary>What one host CPU did in the measured time of one replication (a row of <c>cpu.csv</c>).</summary>
public sealed record CpuResult
{
    /// <summary>The CPU's number.</summary>
    public required int Cpu { get; init; }

    /// <summary>Busy time over the measured time, 0..1.</summary>
    public required double Utilisation { get; init; }

    /// <summary>Operations that held the CPU and ended in the measured time.</summary>
    public required long Operations { get; init; }

    /// <summary>Time-averaged operations waiting for the CPU.</summary>
    public required double MeanWaiting { get; init; }

    /// <summary>Busy time by what it went to, indexed by <see cref="CpuWork"/>.</summary>
    public required IReadOnlyList<SimTime> Work { get; init; }

    /// <summary>The busy time that went to <paramref name="kind"/>.</summary>
    public SimTime WorkOf(CpuWork kind) => Work[(int)kind];
}
