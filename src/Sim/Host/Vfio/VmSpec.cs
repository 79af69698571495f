using IommuSim.Parameters;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Host.Vfio;

/// <summary>
/// A virtual machine with PCI functions assigned through VFIO (<c>vms</c>): its RAM is pinned and mapped
/// once into the unmanaged domain of the assigned functions' groups, in pages no larger than the page size
/// backing it.
/// </summary>
/// <example>
/// <code>
/// vms:
///   - { name: vm0, memory: 4GiB, page_size: 1GiB, devices: ["0000:01:10.0"] }
/// </code>
/// </example>
public sealed record VmSpec : IValidatableSpec
{
    /// <summary>Unique VM name.</summary>
    [Param("name", "Unique VM name, used in reports and errors: 1 to 64 printable characters.", Required = true)]
    public string Name { get; init; } = "";

    /// <summary>Guest RAM size.</summary>
    [Param("memory", "Guest RAM size, a multiple of page_size, e.g. 4GiB.", Required = true, Min = 1, Max = Bounds.VmMemoryBytes)]
    public ByteSize Memory { get; init; }

    /// <summary>Page size backing guest RAM on the host: 4KiB, 2MiB or 1GiB.</summary>
    [Param("page_size", "Host page size backing guest RAM: 4KiB, 2MiB (THP or hugetlbfs) or 1GiB (hugetlbfs).",
        Source = "2 MiB: QEMU madvises guest RAM MADV_HUGEPAGE, so with THP (distribution default) it is backed by 2 MiB pages on x86")]
    public ByteSize PageSize { get; init; } = ByteSize.FromMiB(2);

    /// <summary>PCI functions assigned to the VM.</summary>
    [Param("devices", "PCI functions assigned to the VM through VFIO, by address (e.g. 0000:01:10.0).")]
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>The assigned functions' addresses.</summary>
    /// <exception cref="FormatException">An entry is not a PCI address (validation reports it first).</exception>
    public IReadOnlyList<PciAddress> DeviceAddresses() => Devices.Select(PciAddress.Parse).ToList();

    /// <summary>The VM each assigned function belongs to (the first VM that lists it), by VM name.</summary>
    /// <exception cref="FormatException">A device entry is not a PCI address (validation reports it first).</exception>
    public static IReadOnlyDictionary<PciAddress, string> FunctionOwners(IEnumerable<VmSpec> vms)
    {
        ArgumentNullException.ThrowIfNull(vms);
        var owners = new Dictionary<PciAddress, string>();
        foreach (var vm in vms)
            foreach (var address in vm.DeviceAddresses())
                owners.TryAdd(address, vm.Name);
        return owners;
    }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        long ps = PageSize.Bytes;
        bool pageOk = ps == 4096 || ps == 2L << 20 || ps == 1L << 30;
        if (!pageOk)
            yield return new SpecProblem("page_size", $"page_size must be 4KiB, 2MiB or 1GiB, got {PageSize}");
        else if (Memory.Bytes % ps != 0)
            yield return new SpecProblem("memory", $"memory ({Memory}) must be a whole number of {PageSize} pages, as QEMU requires of its RAM backend");
        else if (Memory.Bytes / ps > Bounds.SetupPages)
            yield return new SpecProblem("memory",
                $"memory ({Memory}) is {Memory.Bytes / ps:N0} pages of {PageSize}, each pinned and mapped before the run; expected at most " +
                $"{Bounds.SetupPages:N0} (less memory, or a larger page_size)");
        var seen = new HashSet<PciAddress>();
        for (int i = 0; i < Devices.Count; i++)
        {
            if (!PciAddress.TryParse(Devices[i], out var address, out var error))
                yield return new SpecProblem($"devices.{i}", error);
            else if (!seen.Add(address))
                yield return new SpecProblem($"devices.{i}", $"{address} is listed twice");
        }
    }
}
