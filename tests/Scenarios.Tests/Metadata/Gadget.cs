using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Scenarios.Tests.Metadata;

// Records of kinds the shipped specs do not use yet (lists of scalars, nullable values, uint/long,
// flags, [SpecName], a second polymorphic base): the binder must take them without changes.

internal enum GadgetMode
{
    DmaLazy,
    IOTLBFlush,
    [SpecName("x86-64")] X86,
}

internal sealed record Gadget
{
    [Param("count", "A count.", Min = 2, Max = 9)]
    public uint Count { get; init; } = 3;

    [Param("big", "A long.")]
    public long Big { get; init; } = -5;

    [Param("flag", "A flag.")]
    public bool Flag { get; init; }

    [Param("delay", "An optional time.", Min = 1000)]
    public SimTime? Delay { get; init; }

    [Param("sizes", "Sizes.")]
    public IReadOnlyList<ByteSize> Sizes { get; init; } = [];

    [Param("mode", "A mode.")]
    public GadgetMode Mode { get; init; } = GadgetMode.IOTLBFlush;

    [Param("parts", "Parts.")]
    public IReadOnlyList<GadgetPart> Parts { get; init; } = [];
}

internal abstract record GadgetPart
{
    [Param("name", "Name.", Required = true)]
    public string Name { get; init; } = "";
}

[SpecVariant("wheel")]
internal sealed record Wheel : GadgetPart
{
    [Param("radius", "Radius.", Min = 1)]
    public ByteSize Radius { get; init; } = ByteSize.FromKiB(1);
}

[SpecVariant("lever")]
internal sealed record Lever : GadgetPart
{
    [Param("arms", "Arm lengths.")]
    public IReadOnlyList<int> Arms { get; init; } = [];

    [Param("rate", "A rate.")]
    public BitRate Rate { get; init; } = BitRate.FromMbps(5);
}
