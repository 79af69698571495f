namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>
/// The trace of scenarios/vfio-assign.yaml tells the VFIO story in the kernel's order: every function joins its group at
/// boot (the bus scan's by kernel_init, the VFs by the PF driver's modprobe), then QEMU moves VF 1 to the VM's domain
/// and maps guest RAM, then the host driver maps its buffers.
/// </summary>
public sealed class VfioAssignTraceTests : IDisposable
{
    private static readonly string Scenario = RepositoryFiles.Path("scenarios/vfio-assign.yaml");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<TraceLine> Trace(string kernel)
    {
        var (exit, _, err) = CliRunner.Run("trace", Scenario, "--out", _dir[kernel], "--kernel", kernel, "--format", "text",
            "--set", "run.duration=1ms");
        Assert.True(exit == 0, err);
        return TraceLine.Read(_dir[kernel] + ".txt");
    }

    [Fact]
    public void Boot_groups_every_function_then_qemu_detaches_attaches_and_maps_guest_ram()
    {
        var lines = Trace("5.17");
        // From the scenario's topology: root port, PF, and the four VFs at First VF Offset 0x80, stride 2.
        string[] scanned = ["0000:00:01.0", "0000:01:00.0"];
        string[] vfs = ["0000:01:10.0", "0000:01:10.2", "0000:01:10.4", "0000:01:10.6"];
        var expectedStart = new List<(string Task, string Event, string Text)>
        {
            ("swapper/0", "add_device_to_group", $"IOMMU: groupID=0 device={scanned[0]}"),
            ("swapper/0", "add_device_to_group", $"IOMMU: groupID=1 device={scanned[1]}"),
            ("swapper/0", "attach_device_to_domain", $"IOMMU: device={scanned[0]}"),
            ("swapper/0", "attach_device_to_domain", $"IOMMU: device={scanned[1]}"),
        };
        for (int i = 0; i < vfs.Length; i++)
        {
            expectedStart.Add(("modprobe", "add_device_to_group", $"IOMMU: groupID={2 + i} device={vfs[i]}"));
            expectedStart.Add(("modprobe", "attach_device_to_domain", $"IOMMU: device={vfs[i]}"));
        }
        // VFIO_SET_IOMMU: VF 1 leaves its default domain for the container's.
        expectedStart.Add(("qemu-system-x86", "detach_device_from_domain", $"IOMMU: device={vfs[0]}"));
        expectedStart.Add(("qemu-system-x86", "attach_device_to_domain", $"IOMMU: device={vfs[0]}"));
        // VFIO_IOMMU_MAP_DMA of a 4 GiB q35 guest (0-2 GiB and 4-6 GiB) on 1 GiB pages: one iommu_map per page,
        // IOVA = guest-physical, host memory from 1 TiB.
        ulong gib = 1UL << 30, ram = 1UL << 40;
        var guest = new (ulong Iova, ulong Paddr)[] { (0, ram), (gib, ram + gib), (4 * gib, ram + 2 * gib), (5 * gib, ram + 3 * gib) };
        foreach (var (iova, paddr) in guest)
            expectedStart.Add(("qemu-system-x86", "map",
                $"IOMMU: iova=0x{iova:x16} - 0x{iova + gib:x16} paddr=0x{paddr:x16} size={gib}"));

        var actual = lines.Take(expectedStart.Count).Select(l => (l.Task, l.Event, l.Text)).ToList();
        Assert.Equal(expectedStart, actual);
        // Then the PF's host driver maps its 1024 buffers of 2 KiB (512 pages) in its lazy default domain.
        var rest = lines.Skip(expectedStart.Count).ToList();
        Assert.Equal(512, rest.Count(l => l.Event == "map"));
        Assert.All(rest.Where(l => l.Event == "map"), l => Assert.Equal("modprobe", l.Task));
        // Setup happens in that order on one clock.
        Assert.Equal(lines.Select(l => decimal.Parse(l.Timestamp, System.Globalization.CultureInfo.InvariantCulture)).Order(), lines.Select(l => decimal.Parse(l.Timestamp, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_current_kernel_attaches_without_a_detach_event()
    {
        var lines = Trace("current");
        Assert.DoesNotContain(lines, l => l.Event == "detach_device_from_domain");
        // The VF is attached twice: to its default domain at boot, and to the VM's at assignment.
        Assert.Equal(["modprobe", "qemu-system-x86"],
            lines.Where(l => l.Event == "attach_device_to_domain" && l.Text == "IOMMU: device=0000:01:10.0").Select(l => l.Task));
    }
}
