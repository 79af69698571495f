using IommuSim.Host;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;

namespace IommuSim.Devices;

/// <summary>
/// One MSI-X vector of a device behind a <see cref="PcieDmaEngine"/>: the interrupt message is a posted write behind
/// the device's data and descriptor writes, so it reaches the root complex when they have retired; interrupt
/// remapping delivers it to the vector's CPU, where the handler runs in interrupt context.
/// </summary>
public sealed class DeviceVector
{
    private static readonly Action<object?, long> Arrived = static (s, _) => ((DeviceVector)s!).OnArrived();

    private readonly Simulation _sim;
    private readonly PcieDmaEngine _engine;
    private readonly InterruptRemapper _interrupts;
    private readonly ushort _requesterId;
    private readonly IPostedWriteClient _client;
    private readonly HostCpu _cpu;
    private readonly int _vector;
    private readonly long _token;
    private readonly Action<object?, long> _handler;
    private readonly object _owner;

    /// <summary>
    /// Vector <paramref name="vector"/> of the device with <paramref name="requesterId"/>; its message goes through
    /// <paramref name="engine"/> with <paramref name="token"/> (an unknown retirement reaches <paramref name="client"/>,
    /// which calls <see cref="OnRetired"/>); <paramref name="handler"/>(<paramref name="owner"/>, 1) runs with <paramref name="cpu"/> held.
    /// </summary>
    public DeviceVector(Simulation simulation, PcieDmaEngine engine, InterruptRemapper interrupts, ushort requesterId,
        IPostedWriteClient client, HostCpu cpu, int vector, long token, Action<object?, long> handler, object owner)
    {
        _sim = simulation;
        _engine = engine;
        _interrupts = interrupts;
        _requesterId = requesterId;
        _client = client;
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

    /// <summary>Sends the interrupt message now, behind the device's posted writes.</summary>
    public void Raise()
    {
        Raised++;
        var status = _engine.TryWrite(DmaApi.MsiWindowStart, 4, _client, _token, interrupt: true, out var timing);
        if (status == WriteStatus.Retired) OnRetired(timing.InMemoryPs);
    }

    /// <summary>The message reached the root complex at <paramref name="atPs"/>: it goes on to the CPU.</summary>
    public void OnRetired(long atPs)
    {
        var l = _interrupts.Deliver(_requesterId, _vector).Latency;
        var toCpu = l.Total - l.SharedLinePoll - l.Eoi;
        _sim.Schedule(new SimTime(atPs - _sim.Now.Picoseconds) + toCpu, Arrived, this, 0);
    }

    private void OnArrived() => _cpu.Acquire(CpuContext.Interrupt, _handler, _owner, 1);
}
