namespace IommuSim.Host.Vfio;

/// <summary>An inclusive IOVA range with what it is, e.g. a reserved MSI window.</summary>
/// <param name="First">First address.</param>
/// <param name="Last">Last address (inclusive).</param>
/// <param name="What">What the range is, for messages.</param>
public readonly record struct IovaRange(ulong First, ulong Last, string What)
{
    /// <summary>True when [<paramref name="first"/>, <paramref name="last"/>] shares an address with this range.</summary>
    public bool Overlaps(ulong first, ulong last) => first <= Last && First <= last;

    /// <summary>E.g. <c>MSI window [0xfee00000, 0xfeefffff]</c>.</summary>
    public override string ToString() => $"{What} [0x{First:x}, 0x{Last:x}]";
}
