using IommuSim.Host;
using IommuSim.Kernel;

namespace IommuSim.Devices.Nic;

/// <summary>
/// A queue's MSI-X vector: the interrupt message is a posted write behind the queue's data and write-backs, so it
/// reaches the root complex when they have retired; interrupt remapping delivers it to the queue's CPU, where the
/// handler runs in interrupt context.
/// </summary>
internal sealed class QueueVector
{
    private static readonly Action<object?, long> Arrived = static (s, _) => ((QueueVector)s!).OnArrived();

    private readonly NicDevice _nic;
    private readonly HostCpu _cpu;
    private readonly int _vector;
    private readonly long _token;
    private readonly Action<object?, long> _handler;
    private readonly object _owner;

    /// <summary>Vector <paramref name="vector"/> of the NIC; <paramref name="handler"/>(<paramref name="owner"/>, 1) runs with the CPU held.</summary>
    public QueueVector(NicDevice nic, HostCpu cpu, int vector, long token, Action<object?, long> handler, object owner)
    {
        _nic = nic;
        _cpu = cpu;
        _vector = vector;
        _token = token;
        _handler = handler;
        _owner = owner;
    }

    /// <summary>Interrupts raised since the window started.</summary>
    public long Raised { get; private set; }

    /// <summary>Clears the count (end of warm-up).</summary>
    public void ResetStatistics() => Raised = 0;

    /// <summary>Sends the interrupt message now, behind the queue's posted writes.</summary>
    public void Raise()
    {
        Raised++;
        var status = _nic.Engine.TryWrite(DmaApi.MsiWindowStart, 4, _nic, _token, interrupt: true, out var timing);
        if (status == WriteStatus.Retired) OnRetired(timing.InMemoryPs);
    }

    /// <summary>The message reached the root complex at <paramref name="atPs"/>: it goes on to the CPU.</summary>
    public void OnRetired(long atPs)
    {
        var l = _nic.Interrupts.Deliver(_nic.RequesterId, _vector).Latency;
        var toCpu = l.Total - l.SharedLinePoll - l.Eoi;
        _nic.Simulation.Schedule(new SimTime(atPs - _nic.Simulation.Now.Picoseconds) + toCpu, Arrived, this, 0);
    }

    private void OnArrived() => _cpu.Acquire(CpuContext.Interrupt, _handler, _owner, 1);
}
