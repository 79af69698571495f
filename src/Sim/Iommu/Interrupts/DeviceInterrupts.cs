namespace IommuSim.Iommu.Interrupts;

/// <summary>One device's interrupt setup, as <see cref="InterruptRemapper.AddDevice"/> made it.</summary>
public sealed class DeviceInterrupts
{
    internal DeviceInterrupts(ushort requesterId, string name, MsiKind kind, int requested, InterruptMode mode,
        InterruptRemappingUnit? unit, MsiVector[] vectors, int line, bool fellBack)
    {
        RequesterId = requesterId;
        Name = name;
        Kind = kind;
        RequestedVectors = requested;
        Mode = mode;
        Unit = unit;
        VectorArray = vectors;
        Line = line;
        FellBack = fellBack;
    }

    /// <summary>The device.</summary>
    public ushort RequesterId { get; }
    /// <summary>Its name.</summary>
    public string Name { get; }
    /// <summary>The capability it asked to use.</summary>
    public MsiKind Kind { get; }
    /// <summary>Vectors it asked for; 0 for a device without MSI capability.</summary>
    public int RequestedVectors { get; }
    /// <summary>What it got.</summary>
    public InterruptMode Mode { get; }
    /// <summary>The remapping unit whose table holds its entries, for <see cref="InterruptMode.RemappedMsi"/>.</summary>
    public InterruptRemappingUnit? Unit { get; }
    /// <summary>Its MSI/MSI-X vectors; empty for INTx.</summary>
    public IReadOnlyList<MsiVector> Vectors => VectorArray;
    /// <summary>Its I/O APIC line for <see cref="InterruptMode.Intx"/>; -1 otherwise.</summary>
    public int Line { get; }
    /// <summary>True when it asked for MSI but got INTx because of the interrupt-remapping scope pitfall.</summary>
    public bool FellBack { get; }

    internal MsiVector[] VectorArray { get; }
}
