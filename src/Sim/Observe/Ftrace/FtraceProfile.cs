namespace IommuSim.Observe.Ftrace;

/// <summary>
/// What one range of kernel versions prints for the <c>iommu</c> trace system
/// (include/trace/events/iommu.h) and how its trace file lays out the context columns.
/// </summary>
public sealed class FtraceProfile
{
    /// <summary>
    /// v6.3 and later: map and unmap print the range (<c>iova=0x%016llx - 0x%016llx</c>), and
    /// <c>detach_device_from_domain</c> no longer exists (iommu-traces.c exports no detach tracepoint).
    /// </summary>
    public static FtraceProfile Current { get; } = new("current", rangeFormat: true, hasDetach: false,
        FtraceContextLayout.FiveFlagsPid7, charIsSigned: false);

    /// <summary>v5.17 to v6.2: the range formats, and <c>detach_device_from_domain</c> still defined.</summary>
    public static FtraceProfile V5_17 { get; } = new("5.17", rangeFormat: true, hasDetach: true,
        FtraceContextLayout.FiveFlagsPid7, charIsSigned: true);

    /// <summary>
    /// About v4.4 to v5.16: map prints <c>iova=0x%016llx paddr=0x%016llx size=%zu</c>, unmap
    /// <c>iova=0x%016llx size=%zu unmapped_size=%zu</c>, with detach; the four-flag, five-digit-pid trace layout
    /// of the v4 series.
    /// </summary>
    /// <remarks>
    /// The v5 kernels before v5.17 already print the wider pid column (<c>%-7d</c>) and, later, a migrate-disable
    /// column: their lines are not reproduced exactly by this profile's layout, only their event text.
    /// </remarks>
    public static FtraceProfile V4 { get; } = new("4.x", rangeFormat: false, hasDetach: true,
        FtraceContextLayout.FourFlagsPid5, charIsSigned: true);

    private FtraceProfile(string name, bool rangeFormat, bool hasDetach, FtraceContextLayout layout, bool charIsSigned)
    {
        Name = name;
        PrintsRange = rangeFormat;
        HasDetachEvent = hasDetach;
        Layout = layout;
        CharIsSigned = charIsSigned;
    }

    /// <summary>The profile's name: <c>current</c>, <c>5.17</c> or <c>4.x</c>.</summary>
    public string Name { get; }

    /// <summary>True when map and unmap print <c>iova - iova+size</c> rather than the start alone.</summary>
    public bool PrintsRange { get; }

    /// <summary>True when the kernel defines <c>detach_device_from_domain</c>.</summary>
    public bool HasDetachEvent { get; }

    /// <summary>The context columns of the trace file.</summary>
    public FtraceContextLayout Layout { get; }

    /// <summary>
    /// The <c>signed:</c> value format files show for <c>char</c> (the <c>__data_loc char[]</c> strings):
    /// 1 on x86 until v6.2 built the kernel with <c>-funsigned-char</c> everywhere, 0 after.
    /// </summary>
    public bool CharIsSigned { get; }

    /// <summary>The three profiles, newest first.</summary>
    public static IReadOnlyList<FtraceProfile> All { get; } = [Current, V5_17, V4];

    /// <summary>The profile named <paramref name="name"/> (<c>current</c>, <c>5.17</c>, <c>4.x</c>).</summary>
    public static FtraceProfile FromName(string name)
    {
        foreach (var profile in All)
            if (string.Equals(profile.Name, name, StringComparison.OrdinalIgnoreCase)) return profile;
        throw new ArgumentException($"unknown ftrace profile '{name}' (current, 5.17, 4.x)", nameof(name));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
