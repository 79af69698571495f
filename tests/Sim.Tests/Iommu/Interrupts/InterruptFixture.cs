using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Platform;

namespace IommuSim.Tests.Iommu.Interrupts;

/// <summary>
/// Remapping units, an I/O APIC and the remapper over them, with the scenario defaults unless a test says
/// otherwise. Default numbers the hand calculations use: IEC lookup 3 ns, memory read 90 ns (DRAM; LLC hit
/// rate 0), delivery 17 ns; I/O APIC route 600 ns, poll 600 ns per other device, EOI 300 ns.
/// </summary>
internal sealed class InterruptFixture
{
    public InterruptFixture(bool intremap = true, int units = 1, InterruptRemappingParams? remapping = null,
        MemoryParams? memory = null, bool withQueues = false)
    {
        var streams = new RandomStreams(7);
        for (int u = 0; u < units; u++)
        {
            var unit = new InterruptRemappingUnit(remapping ?? new InterruptRemappingParams(), memory ?? new MemoryParams(), streams, $"dmar{u}");
            if (withQueues) unit.AttachInvalidationQueue(new InvalidationQueue(Sim, new InvalidationParams()));
            Units.Add(unit);
        }
        IoApic = new IoApic(new IoApicParams());
        Remapper = new InterruptRemapper(Sim, intremap, IoApic, Units);
    }

    public Simulation Sim { get; } = new();
    public List<InterruptRemappingUnit> Units { get; } = [];
    public IoApic IoApic { get; }
    public InterruptRemapper Remapper { get; }
    public InterruptRemappingUnit Unit => Units[0];

    /// <summary>Requester ID of bus 0, <paramref name="device"/>, function 0.</summary>
    public static ushort Rid(int device, int bus = 0, int function = 0) => (ushort)(bus << 8 | device << 3 | function);

    public static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);

    /// <summary>Moves the clock to <paramref name="at"/>, running whatever is due (queued invalidations).</summary>
    public void RunUntil(SimTime at) => Sim.Run(at);
}
