using IommuSim.Kernel;

namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// The I/O APIC: legacy INTx lines, each a redirection-table entry. PCI INTx is level-triggered and shared: a
/// line asserted by any of its devices runs every handler registered on it, and delivers nothing more until
/// its end-of-interrupt clears the Remote IRR bit.
/// </summary>
public sealed class IoApic
{
    private readonly int[] _devices;
    private readonly int[] _redirectionIndex;
    private readonly long[] _busyUntil;
    private readonly long[] _interrupts;

    /// <summary>Creates an I/O APIC with no device on any line.</summary>
    /// <exception cref="ArgumentException">The parameters have problems (all are listed).</exception>
    public IoApic(IoApicParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = parameters.Validate().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("invalid I/O APIC parameters: " +
                string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")), nameof(parameters));
        Parameters = parameters;
        _devices = new int[parameters.Pins];
        _redirectionIndex = new int[parameters.Pins];
        Array.Fill(_redirectionIndex, -1);
        _busyUntil = new long[parameters.Pins];
        _interrupts = new long[parameters.Pins];
    }

    /// <summary>The parameters.</summary>
    public IoApicParams Parameters { get; }
    /// <summary>Input pins (lines).</summary>
    public int Pins => _devices.Length;

    /// <summary>
    /// The default line of a function's INTA: the PCI-to-PCI bridge swizzle (device number + pin) mod 4 onto the
    /// four lines from pin 16 (PIRQA to PIRQD). Real boards route through ACPI's _PRT; pass the line to
    /// <see cref="InterruptRemapper.AddDevice"/> to model one.
    /// </summary>
    public static int DefaultLine(ushort requesterId) =>
        IoApicParams.FirstPciLine + ((requesterId >> 3) & 0x1F) % IoApicParams.PciRoutingLines;

    /// <summary>Devices whose handlers are registered on <paramref name="line"/>.</summary>
    public int DevicesOn(int line) => _devices[CheckLine(line)];

    /// <summary>Interrupts delivered on <paramref name="line"/>.</summary>
    public long InterruptsOn(int line) => _interrupts[CheckLine(line)];

    /// <summary>The IRTE index of <paramref name="line"/>'s redirection entry in remappable format; -1 when not remapped.</summary>
    public int RedirectionIndex(int line) => _redirectionIndex[CheckLine(line)];

    /// <summary>When <paramref name="line"/>'s last interrupt is EOI'd; until then the line delivers nothing more.</summary>
    public SimTime BusyUntil(int line) => new(_busyUntil[CheckLine(line)]);

    /// <summary>Zeroes the per-line interrupt counts.</summary>
    public void ResetCounters() => Array.Clear(_interrupts);

    internal void Connect(int line) => _devices[CheckLine(line)]++;

    internal void Disconnect(int line) => _devices[CheckLine(line)]--;

    internal void SetRedirectionIndex(int line, int index) => _redirectionIndex[CheckLine(line)] = index;

    // Records one interrupt on the line, re-armed at eoiAt.
    internal void Signalled(int line, SimTime eoiAt)
    {
        _interrupts[line]++;
        _busyUntil[line] = eoiAt.Picoseconds;
    }

    private int CheckLine(int line) => (uint)line < (uint)_devices.Length
        ? line
        : throw new ArgumentOutOfRangeException(nameof(line), line, $"the I/O APIC has pins 0 to {_devices.Length - 1}");
}
