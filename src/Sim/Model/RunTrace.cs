using IommuSim.Devices;
using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.Recording;
using IommuSim.Platform;

namespace IommuSim.Model;

/// <summary>
/// Gives each iommu event of one replication the context a Linux trace would show (task, pid, CPU, flags) and
/// its time on the trace clock, and passes it to a recorder.
/// </summary>
/// <remarks>
/// <para>Contexts, from the model: boot-time grouping and attaching by <c>kernel_init</c> (<c>swapper/0</c>, pid 1,
/// CPU 0) for the functions the bus scan finds and by <c>modprobe</c> for SR-IOV virtual functions (the PF driver
/// creates them); VFIO's detach, attach and guest-RAM maps by the VM's <c>qemu-system-x86</c>; the maps a driver
/// makes while it sets up by <c>modprobe</c> on its CPU. During the run a map or unmap runs on the CPU whose driver
/// called it, in the context that CPU's holder asked for: interrupt work is NAPI's softirq or the hard interrupt
/// handler as the device's <see cref="IWorkloadDevice.Driver"/> says; task work is the device's submitting task.
/// An io_page_fault is reported where the IOMMU driver handles its fault interrupt: VT-d's <c>dmar_fault</c> in a
/// hard interrupt, AMD-Vi's and SMMUv3's event-queue threads (<c>irq/24-AMD-Vi</c>, <c>irq/24-arm-smmu</c>), on CPU 0.</para>
/// <para>Clock: setup events (boot, VFIO, the drivers' setup maps, all raised while the system is built) are at
/// least <see cref="SetupStep"/> apart; the run's time zero is the first whole millisecond after the last of them.
/// Pids are given in order of first use from <see cref="FirstPid"/>, so the same scenario gives the same pids.</para>
/// </remarks>
public sealed class RunTrace : ITraceSink<MapEvent>, ITraceSink<UnmapEvent>, ITraceSink<IoPageFaultEvent>,
    ITraceSink<GroupEvent>, ITraceSink<DeviceDomainEvent>
{
    /// <summary>Least spacing of setup events: boot's own event step, 1 µs (a convention).</summary>
    public static readonly SimTime SetupStep = SimTime.FromMicroseconds(1);

    /// <summary>The first pid handed to a task; below it, the kernel's own threads (a convention).</summary>
    public const int FirstPid = 1000;

    // The IRQ number of the IOMMU's fault or event interrupt: the first vector past the 24 legacy IO-APIC lines
    // (a convention; the real number depends on the machine).
    private const int FaultIrq = 24;

    private sealed class DeviceTrace(DriverTasks driver)
    {
        public DriverTasks Driver { get; } = driver;
        public int[] Pids = [];
    }

    private readonly ITraceRecorder _recorder;
    private readonly HostCpus _cpus;
    private readonly IommuKind _kind;
    private readonly Dictionary<string, int> _vmOf = [];
    private readonly Dictionary<string, DeviceTrace> _devices = [];
    private readonly Dictionary<(string Comm, int Key), int> _pids = [];
    private readonly HashSet<string> _virtualFunctions = [];
    private string? _lastName;
    private DeviceTrace? _last;
    private bool _running;
    private SimTime _nextSetup;
    private int _nextPid = FirstPid;

    /// <summary>Records the events of the system that <paramref name="spec"/> and <paramref name="boot"/> describe.</summary>
    public RunTrace(ITraceRecorder recorder, ScenarioSpec spec, BootResult boot, HostCpus cpus)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(cpus);
        _recorder = recorder;
        _cpus = cpus;
        _kind = spec.Platform.Iommu.Kind;
        for (int v = 0; v < spec.Vms.Count; v++)
            foreach (var address in spec.Vms[v].DeviceAddresses())
                if (boot.Topology.Find(address) is { } device) _vmOf.TryAdd(device.Name, v);
        foreach (var device in boot.Topology.Devices)
            if (device.Type == Platform.PciDeviceType.VirtualFunction) _virtualFunctions.Add(device.Name);
    }

    /// <summary>Where simulated time zero falls on the trace clock; set when the run begins.</summary>
    public SimTime ClockOffset { get; private set; }

    /// <summary>Records the boot's group and attach events, in the order they happened.</summary>
    public void RecordBoot(BootResult boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        int g = 0, d = 0;
        while (g < boot.GroupEvents.Count || d < boot.DomainEvents.Count)
        {
            bool group = d == boot.DomainEvents.Count ||
                         (g < boot.GroupEvents.Count && boot.GroupEvents[g].Timestamp <= boot.DomainEvents[d].Timestamp);
            if (group)
            {
                var e = boot.GroupEvents[g++];
                _recorder.Record(BootContext(e.Device), e with { Timestamp = Setup(e.Timestamp) });
            }
            else
            {
                var e = boot.DomainEvents[d++];
                _recorder.Record(BootContext(e.Device), e with { Timestamp = Setup(e.Timestamp) });
            }
        }
    }

    /// <summary>Names the model of the function <paramref name="pciName"/>, whose driver's events then take its tasks.</summary>
    public void AddDevice(string pciName, IWorkloadDevice device)
    {
        ArgumentNullException.ThrowIfNull(pciName);
        ArgumentNullException.ThrowIfNull(device);
        _devices[pciName] = new DeviceTrace(device.Driver);
    }

    /// <summary>Setup is over: the run starts now, at the next whole millisecond of the trace clock.</summary>
    public void BeginRun(SimTime now)
    {
        const long ms = SimTime.PsPerS / 1000;
        long start = (_nextSetup.Picoseconds + ms - 1) / ms * ms;
        ClockOffset = new SimTime(Math.Max(0, start - now.Picoseconds));
        _running = true;
    }

    /// <inheritdoc/>
    public void Write(in MapEvent traceEvent) =>
        _recorder.Record(DriverContext(traceEvent.Cpu, traceEvent.Device), traceEvent with { Timestamp = Clock(traceEvent.Timestamp) });

    /// <inheritdoc/>
    public void Write(in UnmapEvent traceEvent) =>
        _recorder.Record(DriverContext(traceEvent.Cpu, traceEvent.Device), traceEvent with { Timestamp = Clock(traceEvent.Timestamp) });

    /// <inheritdoc/>
    public void Write(in IoPageFaultEvent traceEvent)
    {
        var context = _kind switch
        {
            IommuKind.AmdVi => TraceContext.IrqThread(FaultIrq, "AMD-Vi", Pid("irq/AMD-Vi", 0), 0),
            IommuKind.ArmSmmuV3 => TraceContext.IrqThread(FaultIrq, "arm-smmu-v3-evtq", Pid("irq/arm-smmu", 0), 0),
            _ => TraceContext.HardIrq(0),
        };
        _recorder.Record(context, traceEvent with { Timestamp = Clock(traceEvent.Timestamp) });
    }

    /// <inheritdoc/>
    public void Write(in GroupEvent traceEvent) =>
        _recorder.Record(QemuOr(traceEvent.Device), traceEvent with { Timestamp = Clock(traceEvent.Timestamp) });

    /// <inheritdoc/>
    public void Write(in DeviceDomainEvent traceEvent) =>
        _recorder.Record(QemuOr(traceEvent.Device), traceEvent with { Timestamp = Clock(traceEvent.Timestamp) });

    private SimTime Clock(SimTime timestamp) => _running ? timestamp + ClockOffset : Setup(timestamp);

    // Setup events keep their order and are at least a step apart.
    private SimTime Setup(SimTime timestamp)
    {
        var t = SimTime.Max(timestamp, _nextSetup);
        _nextSetup = t + SetupStep;
        return t;
    }

    private TraceContext BootContext(string device) =>
        _virtualFunctions.Contains(device) ? TraceContext.Modprobe(Pid("modprobe", 0), 0) : TraceContext.Boot();

    // Events raised outside a driver: VFIO's, by the QEMU of the VM the function is assigned to.
    private TraceContext QemuOr(string? device) =>
        device is not null && _vmOf.TryGetValue(device, out int vm)
            ? TraceContext.Qemu(Pid("qemu-system-x86", vm), 0)
            : TraceContext.Modprobe(Pid("modprobe", 0), 0);

    private TraceContext DriverContext(int cpu, string? device)
    {
        if (cpu < 0) return QemuOr(device);
        if (!_running || _cpus[cpu].HolderContext is not { } held) return TraceContext.Modprobe(Pid("modprobe", 0), cpu);
        var d = Find(device);
        if (held == CpuContext.Interrupt)
            return d?.Driver.AfterInterrupt == InterruptWork.SoftIrq ? TraceContext.NapiSoftIrq(cpu) : TraceContext.HardIrq(cpu);
        if (d is null) return TraceContext.Task(device ?? "kworker", Pid(device ?? "kworker", cpu), cpu);
        if (cpu >= d.Pids.Length) Array.Resize(ref d.Pids, cpu + 1);
        if (d.Pids[cpu] == 0) d.Pids[cpu] = Pid(d.Driver.Submitter, cpu);
        return TraceContext.Task(d.Driver.Submitter, d.Pids[cpu], cpu);
    }

    private DeviceTrace? Find(string? device)
    {
        if (device is null) return null;
        if (ReferenceEquals(device, _lastName)) return _last;
        _devices.TryGetValue(device, out var found);
        (_lastName, _last) = (device, found);
        return found;
    }

    // One task per name and key (a CPU, a VM): the same one each time it is seen again.
    private int Pid(string comm, int key)
    {
        if (!_pids.TryGetValue((comm, key), out int pid)) _pids.Add((comm, key), pid = _nextPid++);
        return pid;
    }
}
