using IommuSim.Kernel;
using IommuSim.Observe;

namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// The platform's interrupt path as Linux sets it up: devices' MSI/MSI-X vectors with their IRTEs in their
/// remapping unit's table, legacy INTx through the I/O APIC, and the time each interrupt takes.
/// </summary>
/// <remarks>
/// <para>With interrupt remapping on (<c>host.intremap</c>, and at least one unit), a device in a unit's scope
/// gets remappable-format MSIs and IRTEs in that unit's table; a device in no unit's scope gets no MSI irq
/// domain and falls back to one INTx interrupt on a shared I/O APIC line (counted, and reported in
/// <see cref="Warnings"/>). With remapping off every MSI device keeps compatibility-format MSI. The I/O APIC's
/// own interrupts are remapped through <see cref="IoApicUnit"/> when remapping is on: Linux refuses to enable
/// remapping unless every I/O APIC is in some unit's scope.</para>
/// <para>Table writes follow Linux: each written or freed entry is invalidated in the interrupt entry cache
/// through the unit's attached queue (<see cref="InterruptRemappingUnit.AttachInvalidationQueue"/>); without
/// one, cached entries stay until the caller invalidates them.</para>
/// <para><see cref="Deliver"/> answers at once with the latency; the caller schedules the interrupt's arrival.
/// It allocates nothing.</para>
/// </remarks>
public sealed class InterruptRemapper
{
    /// <summary>PCI MSI allows at most 32 vectors (Multiple Message Enable is 5 bits of log2).</summary>
    public const int MaxMsiVectors = 32;
    /// <summary>PCI MSI-X allows at most 2048 vectors (Table Size is 11 bits).</summary>
    public const int MaxMsiXVectors = 2048;

    // Device vectors as Linux hands them out on x86: above FIRST_EXTERNAL_VECTOR (0x20, once the IRQ move
    // cleanup vector) and below FIRST_SYSTEM_VECTOR (0xeb, POSTED_MSI_NOTIFICATION_VECTOR, in current
    // arch/x86/include/asm/irq_vectors.h).
    private const int FirstDeviceVector = 0x21;
    private const int EndDeviceVector = 0xEB;

    private readonly Simulation _sim;
    private readonly DeviceInterrupts?[] _devices = new DeviceInterrupts?[ushort.MaxValue + 1];
    private readonly List<InterruptRemappingUnit> _units;
    private readonly List<MsiFallbackWarning> _warnings = [];
    private readonly SimTime _deliveryLatency;
    private int _nextCpuVector = FirstDeviceVector;

    /// <summary>Builds the interrupt path.</summary>
    /// <param name="simulation">The simulation (for the time INTx lines are busy).</param>
    /// <param name="interruptRemapping">Linux's setting: <c>host.intremap</c> (false is <c>intremap=off</c>).</param>
    /// <param name="ioApic">The I/O APIC.</param>
    /// <param name="units">The IOMMU units' remapping hardware; none means no remapping at all.</param>
    /// <param name="ioApicUnit">The unit whose scope holds the I/O APIC; default the first unit.</param>
    /// <param name="deliveryLatency">Interrupt message to the local APIC on paths no unit remaps (compatibility MSI,
    /// INTx with remapping off); default the first unit's <see cref="InterruptRemappingParams.DeliveryLatency"/>, or
    /// that parameter's default without units. Remapped paths use their unit's.</param>
    /// <exception cref="ArgumentException">The I/O APIC's unit is not one of <paramref name="units"/>.</exception>
    public InterruptRemapper(Simulation simulation, bool interruptRemapping, IoApic ioApic,
        IReadOnlyList<InterruptRemappingUnit> units, InterruptRemappingUnit? ioApicUnit = null, SimTime? deliveryLatency = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(ioApic);
        ArgumentNullException.ThrowIfNull(units);
        _sim = simulation;
        IoApic = ioApic;
        _units = [.. units];
        foreach (var unit in _units) ArgumentNullException.ThrowIfNull(unit, nameof(units));
        if (ioApicUnit is not null && !_units.Contains(ioApicUnit))
            throw new ArgumentException($"the I/O APIC's unit {ioApicUnit.Name} is not one of the units", nameof(ioApicUnit));
        RemappingEnabled = interruptRemapping && _units.Count > 0;
        IoApicUnit = RemappingEnabled ? ioApicUnit ?? _units[0] : null;
        _deliveryLatency = deliveryLatency
            ?? (_units.Count > 0 ? _units[0].Parameters.DeliveryLatency : new InterruptRemappingParams().DeliveryLatency);
    }

    /// <summary>Whether interrupts are remapped: <c>host.intremap</c> is on and there is a unit.</summary>
    public bool RemappingEnabled { get; }
    /// <summary>The remapping units.</summary>
    public IReadOnlyList<InterruptRemappingUnit> Units => _units;
    /// <summary>The I/O APIC.</summary>
    public IoApic IoApic { get; }
    /// <summary>The unit remapping the I/O APIC's interrupts; null when remapping is off.</summary>
    public InterruptRemappingUnit? IoApicUnit { get; }
    /// <summary>One warning per device that fell back from MSI to INTx, in the order they were added.</summary>
    public IReadOnlyList<MsiFallbackWarning> Warnings => _warnings;
    /// <summary>Devices that fell back from MSI to INTx.</summary>
    public int Fallbacks => _warnings.Count;

    /// <summary>Interrupts signalled (every path, blocked ones included).</summary>
    public long Delivered { get; private set; }
    /// <summary>Compatibility-format MSIs.</summary>
    public long Compatibility { get; private set; }
    /// <summary>MSIs delivered through remapped-format IRTEs.</summary>
    public long Remapped { get; private set; }
    /// <summary>MSIs posted to vCPUs.</summary>
    public long Posted { get; private set; }
    /// <summary>INTx interrupts through the I/O APIC.</summary>
    public long Intx { get; private set; }
    /// <summary>Interrupts the remapping hardware blocked.</summary>
    public long Blocked { get; private set; }

    /// <summary>The setup of <paramref name="requesterId"/>, or null.</summary>
    public DeviceInterrupts? DeviceOf(ushort requesterId) => _devices[requesterId];

    /// <summary>
    /// Sets up a device's interrupts as Linux's <c>pci_alloc_irq_vectors</c> would: MSI or MSI-X when it can,
    /// otherwise one INTx interrupt. With remapping on and the device in <paramref name="scope"/>, its IRTEs are
    /// allocated there (MSI: one aligned block rounded up to a power of two, MSI-X: one entry per vector) and
    /// written in remapped format to CPU 0.
    /// </summary>
    /// <param name="requesterId">The device.</param>
    /// <param name="scope">The remapping unit whose device scope holds the device, or null for none (e.g. a root bus that bypasses the IOMMU).</param>
    /// <param name="vectors">MSI/MSI-X vectors the driver asks for; 0 for a device without MSI capability.</param>
    /// <param name="kind">MSI or MSI-X.</param>
    /// <param name="name">Its name; default <c>dev_name()</c> of the requester ID.</param>
    /// <param name="intxLine">Its INTx line (its _PRT routing); default <see cref="IoApic.DefaultLine"/>.</param>
    /// <exception cref="ArgumentException">The device is already set up, the scope is not one of the units, or the counts are out of range.</exception>
    /// <exception cref="InvalidOperationException">The scope's remapping table has no room.</exception>
    public DeviceInterrupts AddDevice(ushort requesterId, InterruptRemappingUnit? scope, int vectors, MsiKind kind = MsiKind.MsiX,
        string? name = null, int? intxLine = null)
    {
        if (_devices[requesterId] is not null)
            throw new ArgumentException($"{_devices[requesterId]!.Name} already has its interrupts set up", nameof(requesterId));
        if (scope is not null && !_units.Contains(scope))
            throw new ArgumentException($"{scope.Name} is not one of the remapping units", nameof(scope));
        int max = kind == MsiKind.Msi ? MaxMsiVectors : MaxMsiXVectors;
        if (vectors < 0 || vectors > max)
            throw new ArgumentOutOfRangeException(nameof(vectors), vectors, $"{kind} allows 0 to {max} vectors");
        name ??= DeviceNames.Pci(requesterId);
        int line = intxLine ?? IoApic.DefaultLine(requesterId);
        if ((uint)line >= (uint)IoApic.Pins)
            throw new ArgumentOutOfRangeException(nameof(intxLine), line, $"the I/O APIC has pins 0 to {IoApic.Pins - 1}");

        DeviceInterrupts device;
        if (vectors == 0)
            device = OnLine(requesterId, name, kind, 0, line, fellBack: false);
        else if (!RemappingEnabled)
        {
            var compat = new MsiVector[vectors];
            for (int v = 0; v < vectors; v++) compat[v] = MsiVector.Compatibility(requesterId, v, 0, NextCpuVector());
            device = new DeviceInterrupts(requesterId, name, kind, vectors, InterruptMode.CompatibilityMsi, null, compat, -1, false);
        }
        else if (scope is null)
        {
            // The seed's pitfall: no unit's scope, so no MSI irq domain; the driver's INTx fallback takes over.
            device = OnLine(requesterId, name, kind, vectors, line, fellBack: true);
            _warnings.Add(new MsiFallbackWarning(requesterId, name, vectors, line));
        }
        else
            device = new DeviceInterrupts(requesterId, name, kind, vectors, InterruptMode.RemappedMsi, scope,
                AllocateRemapped(scope, requesterId, name, vectors, kind), -1, false);
        _devices[requesterId] = device;
        return device;
    }

    /// <summary>
    /// Tears down a device's interrupts: frees its IRTEs (with their cache invalidations, as Linux's free_irte)
    /// or unregisters it from its INTx line.
    /// </summary>
    /// <exception cref="ArgumentException">The device has no interrupts set up.</exception>
    public void RemoveDevice(ushort requesterId)
    {
        var device = _devices[requesterId] ?? throw NotSetUp(requesterId);
        switch (device.Mode)
        {
            case InterruptMode.Intx:
                IoApic.Disconnect(device.Line);
                break;
            case InterruptMode.RemappedMsi:
                var unit = device.Unit!;
                if (device.Kind == MsiKind.Msi)
                    FreeBlock(unit, device.VectorArray[0].Handle, device.RequestedVectors);
                else
                    foreach (var vector in device.VectorArray) FreeBlock(unit, vector.Index, 1);
                break;
        }
        _devices[requesterId] = null;
    }

    /// <summary>
    /// Points one remapped vector at a vCPU: rewrites its IRTE in posted format, as KVM does through
    /// irq_set_vcpu_affinity for an assigned device (VT-d posted interrupts), and invalidates the cached entry
    /// through the unit's queue. Until that invalidation completes, a cached remapped entry still delivers.
    /// </summary>
    /// <returns>The IRTE index written.</returns>
    /// <exception cref="ArgumentException">The device has no remapped MSI, or no such vector.</exception>
    public int PostToVcpu(ushort requesterId, int vector, byte guestVector, ulong descriptorAddress, bool urgent = false)
    {
        var device = _devices[requesterId] ?? throw NotSetUp(requesterId);
        if (device.Mode != InterruptMode.RemappedMsi)
            throw new ArgumentException($"{device.Name} has no remapped MSI ({device.Mode}), so it cannot post to a vCPU", nameof(requesterId));
        CheckVector(device, vector);
        int index = device.VectorArray[vector].Index;
        var unit = device.Unit!;
        unit.Table.Write(index, Irte.Posted(guestVector, descriptorAddress, requesterId, urgent));
        unit.SubmitInvalidation(index, 0);
        return index;
    }

    /// <summary>
    /// One interrupt: device <paramref name="requesterId"/> signals its vector <paramref name="vector"/> now.
    /// Returns its path and latency parts; counts it. A device that fell back to INTx signals its one line
    /// whatever vector it names.
    /// </summary>
    /// <exception cref="ArgumentException">The device has no interrupts set up, or no such vector.</exception>
    public InterruptDelivery Deliver(ushort requesterId, int vector)
    {
        var device = _devices[requesterId] ?? throw NotSetUp(requesterId);
        CheckVector(device, vector);
        Delivered++;
        switch (device.Mode)
        {
            case InterruptMode.CompatibilityMsi:
                Compatibility++;
                return new InterruptDelivery(InterruptPath.Compatibility, -1, -1, new InterruptLatency { Delivery = _deliveryLatency });
            case InterruptMode.Intx:
                return DeliverIntx(device.Line);
            default:
                return DeliverRemapped(device.Unit!, device.VectorArray[vector], requesterId);
        }
    }

    /// <summary>Zeroes the counters of the remapper, its units and its I/O APIC (e.g. after warm-up); setups and warnings stay.</summary>
    public void ResetCounters()
    {
        Delivered = Compatibility = Remapped = Posted = Intx = Blocked = 0;
        foreach (var unit in _units) unit.ResetCounters();
        IoApic.ResetCounters();
    }

    private InterruptDelivery DeliverRemapped(InterruptRemappingUnit unit, MsiVector message, ushort requesterId)
    {
        int index = message.Index;
        if ((uint)index >= (uint)unit.Table.Size)
        {
            // VT-d blocks a request whose index is beyond the table before any lookup.
            Blocked++;
            return new InterruptDelivery(InterruptPath.Blocked, index, -1, default);
        }
        var entry = unit.Read(index, out var lookup, out var fetch);
        if (!entry.Present || (entry.VerifiesSource && entry.SourceId != requesterId))
        {
            Blocked++;
            return new InterruptDelivery(InterruptPath.Blocked, index, -1, new InterruptLatency { Lookup = lookup, EntryFetch = fetch });
        }
        if (entry.Mode == IrteMode.Posted)
        {
            // Post into the descriptor, then notify the CPU running the vCPU (assumed running, ON clear: every
            // posting sends its notification; coalescing several postings into one is not modelled).
            Posted++;
            return new InterruptDelivery(InterruptPath.Posted, index, -1, new InterruptLatency
            {
                Lookup = lookup, EntryFetch = fetch, DescriptorUpdate = unit.UpdateDescriptor(), Delivery = unit.Parameters.DeliveryLatency,
            });
        }
        Remapped++;
        return new InterruptDelivery(InterruptPath.Remapped, index, -1,
            new InterruptLatency { Lookup = lookup, EntryFetch = fetch, Delivery = unit.Parameters.DeliveryLatency });
    }

    private InterruptDelivery DeliverIntx(int line)
    {
        var p = IoApic.Parameters;
        var now = _sim.Now;
        var busy = IoApic.BusyUntil(line);
        var wait = busy > now ? busy - now : SimTime.Zero;
        SimTime lookup = default, fetch = default, delivery = _deliveryLatency;
        int index = -1;
        if (IoApicUnit is { } unit)
        {
            delivery = unit.Parameters.DeliveryLatency;
            index = IoApic.RedirectionIndex(line);
            var entry = unit.Read(index, out lookup, out fetch);
            if (!entry.Present)
            {
                Blocked++;
                return new InterruptDelivery(InterruptPath.Blocked, index, line, new InterruptLatency
                {
                    LineWait = wait, Route = p.RouteLatency, Lookup = lookup, EntryFetch = fetch,
                });
            }
        }
        // Every handler on the line runs; each other device's handler reads its status register over PCIe.
        var latency = new InterruptLatency
        {
            LineWait = wait, Route = p.RouteLatency, Lookup = lookup, EntryFetch = fetch, Delivery = delivery,
            SharedLinePoll = p.PollLatency * (IoApic.DevicesOn(line) - 1), Eoi = p.EoiLatency,
        };
        IoApic.Signalled(line, now + latency.Total);
        Intx++;
        return new InterruptDelivery(InterruptPath.Intx, index, line, latency);
    }

    private DeviceInterrupts OnLine(ushort requesterId, string name, MsiKind kind, int requested, int line, bool fellBack)
    {
        if (IoApicUnit is { } unit && IoApic.RedirectionIndex(line) < 0)
        {
            // The pin's redirection entry in remappable format names an IRTE of the I/O APIC's unit.
            int index = unit.Table.Allocate(1);
            if (index < 0) throw TableFull(unit, name);
            unit.Table.Write(index, Irte.Remapped(0, NextCpuVector(), sourceId: null, levelTriggered: true));
            unit.SubmitInvalidation(index, 0);
            IoApic.SetRedirectionIndex(line, index);
        }
        IoApic.Connect(line);
        return new DeviceInterrupts(requesterId, name, kind, requested, InterruptMode.Intx, null, [], line, fellBack);
    }

    private MsiVector[] AllocateRemapped(InterruptRemappingUnit unit, ushort requesterId, string name, int vectors, MsiKind kind)
    {
        var result = new MsiVector[vectors];
        if (kind == MsiKind.Msi)
        {
            // One handle for the whole block; the device adds its vector number as the subhandle.
            int first = unit.Table.Allocate(vectors);
            if (first < 0) throw TableFull(unit, name);
            for (int v = 0; v < vectors; v++)
            {
                result[v] = MsiVector.Remapped(requesterId, v, first, v);
                WriteRemapped(unit, first + v, requesterId);
            }
            return result;
        }
        for (int v = 0; v < vectors; v++)
        {
            int index = unit.Table.Allocate(1);
            if (index < 0)
            {
                for (int u = 0; u < v; u++) FreeBlock(unit, result[u].Index, 1);
                throw TableFull(unit, name);
            }
            result[v] = MsiVector.Remapped(requesterId, v, index, 0);
            WriteRemapped(unit, index, requesterId);
        }
        return result;
    }

    private void WriteRemapped(InterruptRemappingUnit unit, int index, ushort requesterId)
    {
        unit.Table.Write(index, Irte.Remapped(0, NextCpuVector(), requesterId));
        unit.SubmitInvalidation(index, 0);
    }

    private static void FreeBlock(InterruptRemappingUnit unit, int first, int count)
    {
        unit.Table.Free(first, count);
        unit.SubmitInvalidation(first, System.Numerics.BitOperations.Log2((uint)InterruptRemappingTable.BlockSize(count)));
    }

    // Round-robin over the device vector range; one CPU is modelled, so vectors only label entries.
    private byte NextCpuVector()
    {
        int vector = _nextCpuVector;
        _nextCpuVector = vector + 1 == EndDeviceVector ? FirstDeviceVector : vector + 1;
        return (byte)vector;
    }

    private static void CheckVector(DeviceInterrupts device, int vector)
    {
        int count = Math.Max(device.RequestedVectors, 1);
        if ((uint)vector >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(vector), vector, $"{device.Name} has vectors 0 to {count - 1}");
    }

    private static ArgumentException NotSetUp(ushort requesterId) =>
        new($"{DeviceNames.Pci(requesterId)} has no interrupts set up", nameof(requesterId));

    private static InvalidOperationException TableFull(InterruptRemappingUnit unit, string name) =>
        new($"{unit.Name}'s interrupt remapping table ({unit.Table.Size} entries, {unit.Table.Allocated} allocated) has no room for {name}'s vectors");
}
